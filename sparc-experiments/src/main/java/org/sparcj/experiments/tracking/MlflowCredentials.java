package org.sparcj.experiments.tracking;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.mlflow.tracking.creds.MlflowHostCredsProvider;

/**
 * How we authenticate to an MLflow server: basic auth (user and password) or a bearer token, from
 * the URI's user info or MLflow's standard environment variables. The secret never leaves this
 * record except as an HTTP header: {@link #toString()} and {@link #redact} hide it.
 */
public record MlflowCredentials(String username, String password, String token) {
    public static final String USERNAME_ENV = "MLFLOW_TRACKING_USERNAME";
    public static final String PASSWORD_ENV = "MLFLOW_TRACKING_PASSWORD";
    public static final String TOKEN_ENV = "MLFLOW_TRACKING_TOKEN";
    public static final MlflowCredentials NONE = new MlflowCredentials(null, null, null);
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s\"']+@");

    /** The URI's user info ({@code http://user:pass@host}) if it has one, else the environment's variables. */
    public static MlflowCredentials of(String uri, Map<String, String> env) {
        String info = uri == null ? null : URI.create(uri.trim()).getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            String pass = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
            return new MlflowCredentials(user, pass, null);
        }
        return new MlflowCredentials(blankToNull(env.get(USERNAME_ENV)), blankToNull(env.get(PASSWORD_ENV)),
                blankToNull(env.get(TOKEN_ENV)));
    }

    /** {@code uri} without its user info: the form we connect to, print and store. */
    public static String withoutUserInfo(String uri) {
        return uri == null ? null : USER_INFO.matcher(uri).replaceAll("");
    }

    /** {@code text} with the user info of every URI in it replaced by {@code ***@} (for files, params, logs). */
    public static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("***@");
    }

    /** The value of the Authorization header: Basic when a user is set, else Bearer when a token is set. */
    public Optional<String> authorization() {
        if (username != null) {
            String pair = username + ":" + (password == null ? "" : password);
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return token == null ? Optional.empty() : Optional.of("Bearer " + token);
    }

    /** The MLflow Java client's credentials for {@code host} (a URI without user info). */
    MlflowHostCredsProvider provider(String host) {
        if (username != null) return new BasicMlflowHostCreds(host, username, password == null ? "" : password);
        return token == null ? new BasicMlflowHostCreds(host) : new BasicMlflowHostCreds(host, token);
    }

    @Override
    public String toString() {
        return username != null ? "basic auth as " + username : token != null ? "bearer token" : "no credentials";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
