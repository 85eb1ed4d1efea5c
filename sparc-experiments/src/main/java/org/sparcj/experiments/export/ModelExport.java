package org.sparcj.experiments.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparcj.model.SparcConfig;
import org.sparcj.model.StreamParameters;

/**
 * A trained model as a file of named arrays (docs/EXPORT.md). Two naming schemes:
 * <ul>
 *   <li>{@link Names#SPARC_J}: per stream {@code encoder.<s>} [L x d], {@code latent_bias.<s>} [L],
 *       {@code decoder.<s>} [L x d], {@code pre_bias.<s>} [d] (float32) and {@code steps_since_fired.<s>} [L] (int64);</li>
 *   <li>{@link Names#OFFICIAL}: the state_dict of the official PyTorch model (an nn.ModuleDict / ParameterDict per
 *       stream): {@code encoders.<s>.weight} [L x d], {@code decoders.<s>.weight} [d x L], {@code pre_biases.<s>} [d],
 *       {@code latent_biases.<s>} [L] and the int64 buffers {@code stats_last_nonzero_<s>} [L].</li>
 * </ul>
 */
public final class ModelExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Format {
        SAFETENSORS("safetensors"), NPZ("npz");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() { return extension; }
    }

    public enum Names { SPARC_J, OFFICIAL }

    /** Where the model came from, for the metadata. */
    public record Provenance(String configJson, String configHash, String gitCommit, String runId, String dataSource, long step) {
    }

    private ModelExport() {
    }

    /** The arrays of every stream, in stream order, named by {@code names}. */
    public static List<ExportTensor> tensors(List<StreamParameters> streams, Names names) {
        List<ExportTensor> out = new ArrayList<>();
        for (StreamParameters p : streams) {
            String s = p.stream().name();
            int d = p.stream().dim(), l = p.latentBias().length;
            long[] counter = java.util.Arrays.stream(p.stepsSinceFired()).asLongStream().toArray();
            if (names == Names.SPARC_J) {
                out.add(ExportTensor.of("encoder." + s, p.encoder(), l, d));
                out.add(ExportTensor.of("latent_bias." + s, p.latentBias(), l));
                out.add(ExportTensor.of("decoder." + s, p.decoder(), l, d));
                out.add(ExportTensor.of("pre_bias." + s, p.preBias(), d));
                out.add(ExportTensor.ofLongs("steps_since_fired." + s, counter, l));
            } else {
                // A stream is a ModuleDict key there: a dot would split the state_dict name.
                if (s.contains(".")) throw new IllegalArgumentException("stream '" + s
                        + "': the official model's state_dict names cannot hold a stream name with a dot");
                out.add(ExportTensor.of("encoders." + s + ".weight", p.encoder(), l, d));
                out.add(ExportTensor.of("decoders." + s + ".weight", transpose(p.decoder(), l, d), d, l));
                out.add(ExportTensor.of("pre_biases." + s, p.preBias(), d));
                out.add(ExportTensor.of("latent_biases." + s, p.latentBias(), l));
                // The official counter is the same: steps since the latent last fired, 1 right after it fired.
                out.add(ExportTensor.ofLongs("stats_last_nonzero_" + s, counter, l));
            }
        }
        return out;
    }

    /** The string metadata both formats carry: the model's shape, the scheme, the resolved settings and provenance. */
    public static Map<String, String> metadata(SparcConfig model, Names names, Provenance p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "sparc-j");
        m.put("names", names == Names.SPARC_J ? "sparc-j" : "official");
        ArrayNode streams = JSON.createArrayNode();
        model.streams().forEach(s -> streams.addObject().put("name", s.name()).put("dim", s.dim()));
        m.put("streams", json(streams));
        m.put("latent_size", Integer.toString(model.latentSize()));
        m.put("k", Integer.toString(model.k()));
        m.put("topk", model.topK().name());
        m.put("input_scaling", "unit_norm");
        m.put("step", Long.toString(p.step()));
        m.put("config_hash", p.configHash());
        m.put("git_commit", p.gitCommit());
        m.put("run_id", p.runId());
        m.put("data_source", p.dataSource());
        m.put("config", p.configJson());
        return m;
    }

    /** Writes the file atomically (a temporary name, then a rename). */
    public static void write(Path file, Format format, List<ExportTensor> tensors, Map<String, String> metadata) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            switch (format) {
                case SAFETENSORS -> SafetensorsWriter.write(tmp, tensors, metadata);
                case NPZ -> NpzWriter.write(tmp, tensors, metadata);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** "safetensors" or "npz" (any case) as a format. */
    public static Format format(String name) {
        try {
            return Format.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format " + name + ": expected safetensors or npz", e);
        }
    }

    /** [rows x cols] to [cols x rows]. */
    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
        return t;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
