package org.sparcj.experiments.regress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;

/**
 * The claims file (conf/claims.conf): settings plus an ordered list of claims. Everything is
 * validated and every expression parsed on load; errors name the file, the claim and the key.
 *
 * @param claims          in file order
 * @param seedKey         the param that distinguishes seeds of one configuration (default "seed")
 * @param equalityEpsilon tolerance of == and != without an explicit {@code within}
 * @param tolerance       how far a metric may move from the baseline
 * @param failOnKnown     whether a FAIL of a claim marked known_not_to_reproduce sets exit code 1
 */
public record ClaimSet(List<Claim> claims, String seedKey, double equalityEpsilon, TolerancePolicy tolerance,
                       boolean failOnKnown) {

    private static final Pattern ID = Pattern.compile("C[1-9][0-9]*[a-z]?");
    private static final Set<String> TOP_KEYS = Set.of("settings", "claims");
    private static final Set<String> SETTINGS_KEYS = Set.of("seed_key", "equality_epsilon", "fail_on_known", "tolerance");
    private static final Set<String> TOLERANCE_KEYS = Set.of("k_sigma", "absolute_floor", "relative_floor", "overrides");
    private static final Set<String> OVERRIDE_KEYS = Set.of("prefix", "k_sigma", "absolute_floor", "relative_floor");
    private static final Set<String> CLAIM_KEYS = Set.of("id", "finding", "description", "paper", "expression",
            "holds_on", "known_not_to_reproduce");

    public ClaimSet {
        claims = List.copyOf(claims);
        Set<String> ids = new HashSet<>();
        for (Claim c : claims) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("claim id " + c.id() + " appears twice");
            }
        }
    }

    /** Reads and validates a claims file. */
    public static ClaimSet load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("claims file not found: " + file);
        }
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("cannot read claims file " + file + ": " + e.getMessage(), e);
        }
        return fromConfig(c, file.toString());
    }

    /** Builds a claim set from parsed HOCON; {@code origin} names the source in errors. */
    public static ClaimSet fromConfig(Config c, String origin) {
        try {
            unknownKeys(c, TOP_KEYS, origin, "");
            Config s = c.hasPath("settings") ? c.getConfig("settings") : ConfigFactory.empty();
            unknownKeys(s, SETTINGS_KEYS, origin, "settings.");
            String seedKey = s.hasPath("seed_key") ? s.getString("seed_key") : "seed";
            double eps = s.hasPath("equality_epsilon") ? s.getDouble("equality_epsilon") : 1e-9;
            if (!(eps >= 0)) {
                throw new IllegalArgumentException(origin + ": settings.equality_epsilon must be >= 0, got " + eps);
            }
            boolean failOnKnown = s.hasPath("fail_on_known") && s.getBoolean("fail_on_known");
            TolerancePolicy policy = tolerance(s.hasPath("tolerance") ? s.getConfig("tolerance") : ConfigFactory.empty(), origin);

            if (!c.hasPath("claims")) {
                throw new IllegalArgumentException(origin + ": missing key 'claims' (a list of claims)");
            }
            List<Claim> claims = new ArrayList<>();
            List<? extends Config> list = c.getConfigList("claims");
            for (int i = 0; i < list.size(); i++) {
                claims.add(claim(list.get(i), origin, i));
            }
            return new ClaimSet(claims, seedKey, eps, policy, failOnKnown);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(origin)) {
                throw e;
            }
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static TolerancePolicy tolerance(Config t, String origin) {
        unknownKeys(t, TOLERANCE_KEYS, origin, "settings.tolerance.");
        List<TolerancePolicy.Override> overrides = new ArrayList<>();
        if (t.hasPath("overrides")) {
            for (Config o : t.getConfigList("overrides")) {
                unknownKeys(o, OVERRIDE_KEYS, origin, "settings.tolerance.overrides[].");
                overrides.add(new TolerancePolicy.Override(o.getString("prefix"),
                        o.hasPath("k_sigma") ? o.getDouble("k_sigma") : null,
                        o.hasPath("absolute_floor") ? o.getDouble("absolute_floor") : null,
                        o.hasPath("relative_floor") ? o.getDouble("relative_floor") : null));
            }
        }
        return new TolerancePolicy(
                t.hasPath("k_sigma") ? t.getDouble("k_sigma") : 3.0,
                t.hasPath("absolute_floor") ? t.getDouble("absolute_floor") : 1e-6,
                t.hasPath("relative_floor") ? t.getDouble("relative_floor") : 0.01,
                overrides);
    }

    private static Claim claim(Config k, String origin, int index) {
        String where = "claims[" + index + "]";
        unknownKeys(k, CLAIM_KEYS, origin, where + ".");
        for (String required : List.of("id", "description", "paper", "expression")) {
            if (!k.hasPath(required)) {
                throw new IllegalArgumentException(origin + ": " + where + " lacks required key '" + required + "'");
            }
        }
        String id = k.getString("id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(origin + ": " + where + ".id '" + id
                    + "' is not a finding id with an optional check letter (C1, C3b, ...)");
        }
        String finding = k.hasPath("finding") ? k.getString("finding") : id.replaceAll("[a-z]$", "");
        ClaimExpression expr;
        try {
            expr = ExpressionParser.parse(k.getString("expression"));
        } catch (ExpressionSyntaxException e) {
            throw new IllegalArgumentException(origin + ": claim " + id + " expression: " + e.getMessage(), e);
        }
        return new Claim(id, finding, k.getString("description"), k.getString("paper"), expr,
                k.hasPath("holds_on") ? k.getString("holds_on") : "",
                k.hasPath("known_not_to_reproduce") && k.getBoolean("known_not_to_reproduce"));
    }

    private static void unknownKeys(Config c, Set<String> allowed, String origin, String prefix) {
        for (String key : c.root().keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(origin + ": unknown key '" + prefix + key + "' (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }
}
