package org.sparcj.experiments.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the resolved configuration of a run: the reference.conf defaults of every module, then an
 * experiment file, then {@code key=value} overrides (command line, grid cell). Everything under
 * {@code sparc} is checked against the defaults: a key they do not declare and a value of the wrong
 * type are {@link ConfigError}s naming the key and the file (and line) that set it.
 */
public final class ConfigLoader {
    public static final String ROOT = "sparc";

    private final Config reference;

    public ConfigLoader() {
        this(ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader()));
    }

    ConfigLoader(Config reference) {
        this.reference = reference;
        if (!reference.hasPath(ROOT))
            throw new IllegalStateException("no sparc defaults on the classpath (reference.conf missing)");
    }

    /** The defaults alone (every module's reference.conf). */
    public Config reference() {
        return reference;
    }

    /** Reads an experiment file; its keys must all lie under {@code sparc}. */
    public Config parseExperiment(Path file) {
        if (!Files.isRegularFile(file)) throw new ConfigError("experiment file not found: " + file);
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
        } catch (ConfigException e) {
            throw new ConfigError("cannot parse " + file + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, ConfigValue> e : c.root().entrySet())
            if (!e.getKey().equals(ROOT))
                throw new ConfigError("unknown key '" + e.getKey() + "' (" + e.getValue().origin().description()
                        + "): experiment settings live under 'sparc { ... }'");
        return c;
    }

    /**
     * Parses command-line overrides {@code key=value}. Keys may omit the leading {@code sparc.}
     * ({@code model.k=16}); values are HOCON values, or plain strings when they do not parse as one
     * (so paths such as {@code /tmp/a//b} need no quoting).
     */
    public static Config parseOverrides(List<String> args) {
        Config out = ConfigFactory.empty();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) throw new ConfigError("override '" + arg + "' is not of the form key=value");
            String key = qualify(arg.substring(0, eq).trim());
            String raw = arg.substring(eq + 1).trim();
            String origin = "command-line override '" + arg + "'";
            ConfigValue value;
            try {
                Config one = ConfigFactory.parseString("v = " + raw,
                        ConfigParseOptions.defaults().setOriginDescription(origin));
                value = (raw.contains("//") && !raw.startsWith("\"")) || !one.hasPathOrNull("v")
                        ? ConfigValueFactory.fromAnyRef(raw, origin) : one.getValue("v");
            } catch (ConfigException e) {
                value = ConfigValueFactory.fromAnyRef(raw, origin);
            }
            try {
                out = out.withValue(key, value);
            } catch (ConfigException e) {
                throw new ConfigError("override '" + arg + "': bad key '" + key + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** {@code model.k} -> {@code sparc.model.k}; keys already under sparc stay as they are. */
    public static String qualify(String key) {
        return key.equals(ROOT) || key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
    }

    /**
     * Layers {@code layers} (lowest priority first) over the defaults, resolves substitutions, and
     * validates. The result holds only the {@code sparc} tree.
     */
    public Config resolve(List<Config> layers) {
        Config merged = reference;
        for (Config layer : layers) merged = layer.withFallback(merged);
        try {
            merged = merged.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage(), e);
        }
        Config sparc = merged.withOnlyPath(ROOT);
        checkKnownKeys(sparc);
        try {
            sparc.checkValid(reference, ROOT);
        } catch (ConfigException.ValidationFailed e) {
            List<String> problems = new ArrayList<>();
            for (ConfigException.ValidationProblem p : e.problems())
                problems.add(p.path() + ": " + p.problem() + " (" + p.origin().description() + ")");
            throw new ConfigError("invalid configuration:\n  " + String.join("\n  ", problems), e);
        }
        return sparc;
    }

    /** Experiment file plus overrides, resolved and validated. */
    public Config load(Path experimentFile, List<String> overrides) {
        List<Config> layers = new ArrayList<>();
        if (experimentFile != null) layers.add(parseExperiment(experimentFile));
        layers.add(parseOverrides(overrides));
        return resolve(layers);
    }

    private void checkKnownKeys(Config sparc) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : sparc.entrySet()) {
            String path = e.getKey();
            if (!reference.hasPathOrNull(path))
                unknown.add("unknown key '" + path + "' (" + e.getValue().origin().description() + ")"
                        + suggestion(path));
        }
        if (!unknown.isEmpty()) throw new ConfigError(String.join("\n", unknown));
    }

    private String suggestion(String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0) return "";
        String parent = path.substring(0, dot);
        if (!reference.hasPath(parent)) return "";
        try {
            return "; known keys under " + parent + ": " + String.join(", ",
                    new java.util.TreeSet<>(reference.getConfig(parent).root().keySet()));
        } catch (ConfigException e) {
            return "";
        }
    }
}
