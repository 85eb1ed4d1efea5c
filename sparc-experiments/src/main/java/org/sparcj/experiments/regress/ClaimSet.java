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

    // C: the paper's findings (C1-C8); S: findings of our studies (docs/STUDIES.md); L: localisation (docs/LOCALISATION.md).
    private static final Pattern ID = Pattern.compile("[CSL][1-9][0-9]*[a-z]?");
    private static final Set<String> TOP_KEYS = Set.of("settings", "claims");
    private static final Set<String> SETTINGS_KEYS = Set.of("seed_key", "equality_epsilon", "fail_on_known", "tolerance");
    private static final Set<String> TOLERANCE_KEYS = Set.of("k_sigma", "absolute_floor", "relative_floor", "overrides");
    private static final Set<String> OVERRIDE_KEYS = Set.of("prefix", "k_sigma", "absolute_floor", "relative_floor");
    /** What a claims file leaves out; merged under it, so only allowed keys are added. */
    private static final Config DEFAULTS = ConfigFactory.parseString("settings { seed_key = seed, "
            + "equality_epsilon = 1e-9, fail_on_known = false, "
            + "tolerance { k_sigma = 3, absolute_floor = 1e-6, relative_floor = 0.01, overrides = [] } }");
    private static final Config CLAIM_DEFAULTS = ConfigFactory.parseString("holds_on = \"\", known_not_to_reproduce = false");
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
    public static ClaimSet fromConfig(Config written, String origin) {
        try {
            Config c = written.withFallback(DEFAULTS);
            unknownKeys(c, TOP_KEYS, origin, "");
            Config s = c.getConfig("settings");
            unknownKeys(s, SETTINGS_KEYS, origin, "settings.");
            double eps = s.getDouble("equality_epsilon");
            if (!(eps >= 0)) {
                throw new IllegalArgumentException(origin + ": settings.equality_epsilon must be >= 0, got " + eps);
            }
            TolerancePolicy policy = tolerance(s.getConfig("tolerance"), origin);

            if (!c.hasPath("claims")) {
                throw new IllegalArgumentException(origin + ": missing key 'claims' (a list of claims)");
            }
            List<Claim> claims = new ArrayList<>();
            List<? extends Config> list = c.getConfigList("claims");
            for (int i = 0; i < list.size(); i++) {
                claims.add(claim(list.get(i), origin, i));
            }
            return new ClaimSet(claims, s.getString("seed_key"), eps, policy, s.getBoolean("fail_on_known"));
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
        for (Config o : t.getConfigList("overrides")) {
            unknownKeys(o, OVERRIDE_KEYS, origin, "settings.tolerance.overrides[].");
            overrides.add(new TolerancePolicy.Override(o.getString("prefix"), optional(o, "k_sigma"),
                    optional(o, "absolute_floor"), optional(o, "relative_floor")));
        }
        return new TolerancePolicy(t.getDouble("k_sigma"), t.getDouble("absolute_floor"), t.getDouble("relative_floor"),
                overrides);
    }

    private static Double optional(Config c, String key) {
        return c.hasPath(key) ? c.getDouble(key) : null;
    }

    private static Claim claim(Config written, String origin, int index) {
        String where = "claims[" + index + "]";
        Config k = written.withFallback(CLAIM_DEFAULTS);
        unknownKeys(k, CLAIM_KEYS, origin, where + ".");
        for (String required : List.of("id", "description", "paper", "expression")) {
            if (!k.hasPath(required)) {
                throw new IllegalArgumentException(origin + ": " + where + " lacks required key '" + required + "'");
            }
        }
        String id = k.getString("id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(origin + ": " + where + ".id '" + id
                    + "' is not a finding id with an optional check letter (C1, C3b, S1a, L2: C paper, S study, L localisation)");
        }
        String finding = k.hasPath("finding") ? k.getString("finding") : id.replaceAll("[a-z]$", "");
        ClaimExpression expr;
        try {
            expr = ExpressionParser.parse(k.getString("expression"));
        } catch (ExpressionSyntaxException e) {
            throw new IllegalArgumentException(origin + ": claim " + id + " expression: " + e.getMessage(), e);
        }
        return new Claim(id, finding, k.getString("description"), k.getString("paper"), expr,
                k.getString("holds_on"), k.getBoolean("known_not_to_reproduce"));
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
