package org.sparcj.data.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sparcj.data.DataFileException;
import org.sparcj.data.StreamInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature store's {@code manifest.json}:
 * <pre>{"format": "sparcj-feature-store", "version": 1, "samples": N, "sample_ids": "sample_ids.txt",
 *  "streams": [{"name": "dino", "dim": 768, "file": "dino.npy"}, ...], "complete": true}</pre>
 * A writer first writes it with {@code complete: false} and rewrites it atomically at the end.
 * A stream may also name the bundled text model that embedded it ({@code "text_model": "minilm"}) and
 * carry patch features ({@code "patches": {...}}, see {@link Patches}).
 */
public record Manifest(long samples, String sampleIdsFile, List<Entry> streams, boolean complete) {
    public static final String FILE_NAME = "manifest.json";
    public static final String FORMAT = "sparcj-feature-store";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One stream: name, width and its .npy file (relative to the store directory); optionally the
     * bundled text model that embedded it (null: none named) and its patch features (null: none).
     */
    public record Entry(String name, int dim, String file, String textModel, Patches patches) {
        public Entry(String name, int dim, String file) {
            this(name, dim, file, null, null);
        }

        public StreamInfo info() {
            return new StreamInfo(name, dim);
        }

        public Entry withTextModel(String model) {
            return new Entry(name, dim, file, model, patches);
        }

        public Entry withPatches(Patches p) {
            return new Entry(name, dim, file, textModel, p);
        }
    }

    /** How a stream's pooled feature relates to its patch tokens. */
    public enum Pooling {
        /** the pooled feature is the mean of the patch tokens */
        MEAN,
        /** the pooled feature is a separate CLS token */
        CLS
    }

    /**
     * A stream's patch features: {@code file} holds [N' x rows*cols x dim] tokens (float32 or float16),
     * row-major over the patch grid; {@code idsFile} lists the N' sample IDs they cover (null: every
     * sample, in store order).
     */
    public record Patches(String file, String idsFile, int rows, int cols, Pooling pooling) {
        public int count() {
            return rows * cols;
        }
    }

    /** A copy with stream {@code name}'s entry replaced by {@code change} applied to it. */
    public Manifest withStream(String name, java.util.function.UnaryOperator<Entry> change) {
        List<Entry> out = new ArrayList<>();
        boolean found = false;
        for (Entry e : streams) {
            found |= e.name().equals(name);
            out.add(e.name().equals(name) ? change.apply(e) : e);
        }
        if (!found) throw new IllegalArgumentException("no stream '" + name + "' in the manifest");
        return new Manifest(samples, sampleIdsFile, out, complete);
    }

    /** The entry of stream {@code name}, or null. */
    public Entry stream(String name) {
        for (Entry e : streams) if (e.name().equals(name)) return e;
        return null;
    }

    public Manifest {
        streams = List.copyOf(streams);
    }

    public static Manifest read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) throw new DataFileException(file, "no feature-store manifest here");
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new DataFileException(file, "manifest is not valid JSON: " + e.getMessage(), e);
        }
        String format = text(root, "format", file);
        if (!FORMAT.equals(format))
            throw new DataFileException(file, "format is '" + format + "', expected '" + FORMAT + "'");
        int version = number(root, "version", file).intValue();
        if (version != VERSION)
            throw new DataFileException(file, "unsupported manifest version " + version + " (this code reads " + VERSION + ")");
        long samples = number(root, "samples", file).longValue();
        if (samples < 0) throw new DataFileException(file, "'samples' must be >= 0, got " + samples);
        String ids = text(root, "sample_ids", file);
        JsonNode arr = root.get("streams");
        if (arr == null || !arr.isArray() || arr.isEmpty())
            throw new DataFileException(file, "'streams' must be a non-empty array");
        List<Entry> entries = new ArrayList<>();
        for (JsonNode s : arr) {
            String name = text(s, "name", file);
            int dim = number(s, "dim", file).intValue();
            if (dim <= 0) throw new DataFileException(file, "stream '" + name + "': 'dim' must be > 0, got " + dim);
            JsonNode model = s.get("text_model");
            entries.add(new Entry(name, dim, text(s, "file", file), model == null ? null : text(s, "text_model", file),
                    patches(s.get("patches"), name, file)));
        }
        JsonNode complete = root.get("complete");
        return new Manifest(samples, ids, entries, complete != null && complete.asBoolean(false));
    }

    /** Writes atomically (temporary file, then rename), so a reader never sees a half-written manifest. */
    public void write(Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("samples", samples);
        root.put("sample_ids", sampleIdsFile);
        ArrayNode arr = root.putArray("streams");
        for (Entry e : streams) {
            ObjectNode o = arr.addObject().put("name", e.name()).put("dim", e.dim()).put("file", e.file());
            if (e.textModel() != null) o.put("text_model", e.textModel());
            Patches p = e.patches();
            if (p != null) {
                ObjectNode po = o.putObject("patches").put("file", p.file());
                if (p.idsFile() != null) po.put("ids", p.idsFile());
                po.putArray("grid").add(p.rows()).add(p.cols());
                po.put("pooling", p.pooling().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        root.put("complete", complete);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Patches patches(JsonNode p, String stream, Path file) {
        if (p == null) return null;
        String where = "stream '" + stream + "': patches: ";
        if (!p.isObject()) throw new DataFileException(file, where + "must be an object");
        JsonNode grid = p.get("grid");
        if (grid == null || !grid.isArray() || grid.size() != 2 || !grid.get(0).isIntegralNumber()
                || !grid.get(1).isIntegralNumber() || grid.get(0).asInt() <= 0 || grid.get(1).asInt() <= 0)
            throw new DataFileException(file, where + "'grid' must be [rows, cols] of positive integers, got " + grid);
        String pooling = text(p, "pooling", file);
        Pooling kind;
        try {
            kind = Pooling.valueOf(pooling.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, where + "'pooling' is '" + pooling + "', expected mean or cls", e);
        }
        return new Patches(text(p, "file", file), p.has("ids") ? text(p, "ids", file) : null,
                grid.get(0).asInt(), grid.get(1).asInt(), kind);
    }

    private static String text(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty())
            throw new DataFileException(file, "missing or non-string key '" + key + "'");
        return v.asText();
    }

    private static Number number(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || !v.isIntegralNumber()) throw new DataFileException(file, "missing or non-integer key '" + key + "'");
        return v.numberValue();
    }
}
