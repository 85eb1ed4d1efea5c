package org.sparcj.experiments.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparcj.data.StreamInfo;
import org.sparcj.model.BatchOrder;
import org.sparcj.model.DecodeMode;
import org.sparcj.model.SparcConfig;
import org.sparcj.model.TopKMode;

/**
 * A resolved, validated experiment configuration: the one place where the {@code sparc} tree is
 * mapped onto immutable settings records. Construction checks everything it can before any work
 * starts (the model's streams come from the dataset, so {@link #model} builds the SparcConfig once
 * they are known; every other model field is already validated here).
 */
public final class ExperimentConfig {
    private static final String M = "sparc.model.";

    private final Config resolved;
    private final DataSettings data;
    private final EvalSettings eval;
    private final TrackingSettings tracking;
    private final RunSettings run;
    private final String hash;

    private ExperimentConfig(Config resolved) {
        this.resolved = resolved;
        this.data = map(() -> new DataSettings(
                DataSettings.Source.valueOf(enumName(resolved, "sparc.data.source", DataSettings.Source.class)),
                path(resolved.getString("sparc.data.store.path")),
                Path.of(resolved.getString("sparc.data.cache_dir")),
                new SyntheticSettings(resolved.getConfig("sparc.data.synthetic")),
                new WordNetSettings(resolved.getConfig("sparc.data.wordnet")),
                new DataSettings.SplitSettings(resolved.getDouble("sparc.data.split.validation"),
                        resolved.getDouble("sparc.data.split.test"),
                        resolved.getLong("sparc.data.split.seed"))), "sparc.data");
        if (data.source() == DataSettings.Source.STORE && data.storePath() == null)
            throw new ConfigError("sparc.data.store.path must be set when sparc.data.source = store ("
                    + resolved.getValue("sparc.data.source").origin().description() + ")");
        if (data.source() == DataSettings.Source.WORDNET) map(() -> data.wordnet().toBenchmarkConfig(), "sparc.data.wordnet");
        this.eval = map(() -> EvalSettings.of(resolved.getConfig("sparc.eval")), "sparc.eval");
        this.tracking = map(() -> new TrackingSettings(resolved.getString("sparc.tracking.uri"),
                Path.of(resolved.getString("sparc.tracking.local_store")),
                resolved.getString("sparc.tracking.experiment"), resolved.getBoolean("sparc.tracking.log_checkpoint"),
                resolved.getInt("sparc.tracking.metrics_batch")), "sparc.tracking");
        this.run = map(() -> new RunSettings(Path.of(resolved.getString("sparc.run.output_dir")),
                Path.of(resolved.getString("sparc.run.grids_dir")), resolved.getString("sparc.run.name"),
                resolved.getInt("sparc.run.checkpoint_every"), resolved.getBoolean("sparc.run.progress")), "sparc.run");
        // Validate every model field now, against a placeholder stream (streams come from the data).
        model(List.of(new StreamInfo("placeholder", 1)));
        this.hash = ConfigHash.of(resolved.withoutPath("sparc.tracking").withoutPath("sparc.run"));
    }

    /** Maps a resolved {@code sparc} tree (see {@link ConfigLoader#resolve}). */
    public static ExperimentConfig of(Config resolved) {
        return new ExperimentConfig(resolved);
    }

    /** The model config for a dataset's streams. */
    public SparcConfig model(List<StreamInfo> streams) {
        Config c = resolved;
        int kAux = c.getInt(M + "k_aux");
        return map(() -> kAuxed(SparcConfig.builder(streams), kAux)
                .latentSize(c.getInt(M + "latent_size"))
                .k(c.getInt(M + "k"))
                .topK(TopKMode.valueOf(enumName(c, M + "topk", TopKMode.class)))
                .lambda(c.getDouble(M + "lambda"))
                .alpha(c.getDouble(M + "alpha"))
                .deadSteps(c.getInt(M + "dead_steps"))
                .fireThreshold(c.getDouble(M + "fire_threshold"))
                .resampleEvery(c.getInt(M + "resample_every"))
                .learningRate(c.getDouble(M + "learning_rate"))
                .batchSize(c.getInt(M + "batch_size"))
                .epochs(c.getInt(M + "epochs"))
                .seed(c.getLong(M + "seed"))
                .batchOrder(BatchOrder.valueOf(enumName(c, M + "batch_order", BatchOrder.class)))
                .decode(DecodeMode.valueOf(enumName(c, M + "decode", DecodeMode.class)))
                .logEvery(c.getInt(M + "log_every"))
                .maxBadBatches(c.getInt(M + "max_bad_batches"))
                .build(), "sparc.model");
    }

    public Config resolved() { return resolved; }
    public DataSettings data() { return data; }
    public EvalSettings eval() { return eval; }
    public TrackingSettings tracking() { return tracking; }
    public RunSettings run() { return run; }

    /** SHA-256 (hex) of the settings that determine results: data, model and eval (not tracking/run). */
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

    // k_aux = 0 means the official default (64, capped at latent_size).
    private static SparcConfig.Builder kAuxed(SparcConfig.Builder b, int kAux) {
        return kAux == 0 ? b.defaultKAux() : b.kAux(kAux);
    }

    private static <E extends Enum<E>> String enumName(Config c, String path, Class<E> type) {
        String v = c.getString(path);
        for (E e : type.getEnumConstants())
            if (e.name().equalsIgnoreCase(v.trim())) return e.name();
        throw new ConfigError(path + " = " + v + " (" + c.getValue(path).origin().description() + "): allowed "
                + java.util.Arrays.toString(type.getEnumConstants()));
    }

    private static Path path(String s) {
        return s == null || s.isBlank() ? null : Path.of(s);
    }

    // The records' messages name their key ("invalid SPARC config: k = 9 ..."); the section they live in is known.
    private static final Pattern RECORD_KEY = Pattern.compile("invalid (SPARC|eval) config: ([a-z_0-9]+) =");

    // Turns a records' IllegalArgumentException or a Config type error into a ConfigError that says where
    // the offending value came from.
    private <T> T map(java.util.function.Supplier<T> body, String section) {
        try {
            return body.get();
        } catch (ConfigError e) {
            throw e;
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            String where = "";
            Matcher m = RECORD_KEY.matcher(String.valueOf(e.getMessage()));
            if (m.find()) {
                String key = (m.group(1).equals("SPARC") ? M : "sparc.eval.") + m.group(2);
                if (resolved.hasPath(key))
                    where = " (" + key + " set in " + resolved.getValue(key).origin().description() + ")";
            }
            throw new ConfigError(section + ": " + e.getMessage() + where, e);
        }
    }
}
