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
 */
public record Manifest(long samples, String sampleIdsFile, List<Entry> streams, boolean complete) {
    public static final String FILE_NAME = "manifest.json";
    public static final String FORMAT = "sparcj-feature-store";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One stream: name, width and its .npy file (relative to the store directory). */
    public record Entry(String name, int dim, String file) {
        public StreamInfo info() {
            return new StreamInfo(name, dim);
        }
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
            entries.add(new Entry(name, dim, text(s, "file", file)));
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
        for (Entry e : streams) arr.addObject().put("name", e.name()).put("dim", e.dim()).put("file", e.file());
        root.put("complete", complete);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
