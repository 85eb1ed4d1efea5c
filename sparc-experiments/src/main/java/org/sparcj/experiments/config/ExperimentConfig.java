package org.sparcj.experiments.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.settings.Settings;
import org.sparcj.eval.EvalConfig;
import org.sparcj.model.SparcConfig;

/**
 * A resolved, validated experiment configuration. Each {@code sparc} section is bound onto its
 * settings record by the generic binder ({@link Settings}); {@link #SECTIONS} is the one list of which
 * record declares which section. Construction checks everything before any work starts (the model's
 * streams come from the dataset, so {@link #model} binds the model section once they are known; it
 * is validated here against a placeholder stream).
 */
public final class ExperimentConfig {
    /** Every section under {@code sparc} and the record that declares its keys. */
    public static final Map<String, Class<? extends Record>> SECTIONS = sections();

    private final Config resolved;
    private final DataSettings data;
    private final EvalConfig eval;
    private final TrackingSettings tracking;
    private final RunSettings run;
    private final String hash;

    private ExperimentConfig(Config resolved, Config reference) {
        this.resolved = resolved;
        this.data = bind("sparc.data", DataSettings.class);
        this.eval = bind("sparc.eval", EvalConfig.class);
        this.tracking = bind("sparc.tracking", TrackingSettings.class);
        this.run = bind("sparc.run", RunSettings.class);
        if (data.source().equals("store") && data.store().path() == null)
            throw new ConfigError("sparc.data.store.path must be set when sparc.data.source = store ("
                    + resolved.getValue("sparc.data.source").origin().description() + ")");
        model(List.of(new StreamInfo("placeholder", 1)));
        this.hash = ConfigHash.ofResults(resolved, reference);
    }

    /** Maps a resolved {@code sparc} tree (see {@link ConfigLoader#resolve}). */
    public static ExperimentConfig of(Config resolved) {
        return new ExperimentConfig(resolved, new ConfigLoader().reference());
    }

    /** The model settings for a dataset's streams. */
    public SparcConfig model(List<StreamInfo> streams) {
        return map(() -> Settings.bind(resolved.getConfig("sparc.model"), SparcConfig.class, "sparc.model",
                Map.of("streams", streams)));
    }

    public Config resolved() { return resolved; }
    public DataSettings data() { return data; }
    public EvalConfig eval() { return eval; }
    public TrackingSettings tracking() { return tracking; }
    public RunSettings run() { return run; }

    /** SHA-256 (hex) of the settings that determine results (data, model, eval); see {@link ConfigHash#ofResults}. */
    public String hash() { return hash; }

    /** The whole resolved tree as HOCON (with origin comments stripped), for the run's output dir. */
    public String renderHocon() {
        return resolved.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }

    public String renderJson() {
        return resolved.root().render(ConfigRenderOptions.concise().setFormatted(true));
    }

    /** Every leaf as a flat param, keys without the leading "sparc." (e.g. model.k -> 64), sorted. */
    public Map<String, String> flatParams() {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : resolved.entrySet()) {
            Object v = e.getValue().unwrapped();
            out.put(e.getKey().substring(ConfigLoader.ROOT.length() + 1),
                    v instanceof String s ? s : e.getValue().render(ConfigRenderOptions.concise()));
        }
        return out;
    }

    private static Map<String, Class<? extends Record>> sections() {
        Map<String, Class<? extends Record>> m = new LinkedHashMap<>();
        m.put("sparc.data", DataSettings.class);
        m.put("sparc.model", SparcConfig.class);
        m.put("sparc.eval", EvalConfig.class);
        m.put("sparc.tracking", TrackingSettings.class);
        m.put("sparc.run", RunSettings.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    private <R extends Record> R bind(String section, Class<R> type) {
        return map(() -> Settings.bind(resolved.getConfig(section), type, section));
    }

    // The binder's messages name the full key and where it was set; a ConfigError is what the CLI reports.
    private static <T> T map(Supplier<T> body) {
        try {
            return body.get();
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ConfigError(e.getMessage(), e);
        }
    }
}
