package org.sparcj.experiments.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sparcj.experiments.tracking.RunStatus;

/**
 * The files of one run (or grid cell) under its output directory: {@code status},
 * {@code config.sha256}, {@code config.conf}, {@code config.json}, {@code report.json},
 * {@code result.json} (params, final metrics, status), {@code error.txt} and {@code checkpoint/model.ckpt}.
 * Every file is written to a temporary name and renamed, so a crash never leaves a half file.
 */
public final class RunDirectory {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() { return dir; }
    /** The checkpoint file (one file, written atomically by the model). */
    public Path checkpoint() { return dir.resolve("checkpoint").resolve("model.ckpt"); }
    public Path report() { return dir.resolve("report.json"); }
    public Path configHocon() { return dir.resolve("config.conf"); }
    public Path configJson() { return dir.resolve("config.json"); }

    public boolean hasCheckpoint() {
        return Files.isRegularFile(checkpoint());
    }

    public Optional<RunStatus> status() {
        Path f = dir.resolve("status");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(RunStatus.valueOf(Files.readString(f).trim()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void writeStatus(RunStatus s) {
        write("status", s.name() + "\n");
    }

    public Optional<String> configHash() {
        try {
            return Optional.of(Files.readString(dir.resolve("config.sha256")).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void writeConfig(String hocon, String json, String hash) {
        write("config.conf", hocon);
        write("config.json", json);
        write("config.sha256", hash + "\n");
    }

    /** The tracker's id of the run that last wrote this directory. */
    public Optional<String> runId() {
        try {
            return Optional.of(Files.readString(dir.resolve("run_id")).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void writeRunId(String runId) {
        write("run_id", runId + "\n");
    }

    public void writeError(String text) {
        write("error.txt", text);
    }

    public void writeResult(CellResult r) {
        writeResult(r, java.util.List.of());
    }

    /** As {@link #writeResult(CellResult)}, plus the batches skipped for a NaN or infinite loss (each: step, batch, rows). */
    public void writeResult(CellResult r, java.util.List<Map<String, Object>> skippedBatches) {
        Map<String, Object> m = new TreeMap<>(Map.of("name", r.name(), "params", new TreeMap<>(r.params()),
                "metrics", new TreeMap<>(r.metrics()), "status", r.status()));
        if (!skippedBatches.isEmpty()) m.put("skipped_batches", skippedBatches);
        try {
            write("result.json", JSON.writeValueAsString(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored result, if this directory has one. */
    public Optional<CellResult> result() {
        Path f = dir.resolve("result.json");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            Map<String, Object> m = JSON.readValue(f.toFile(), new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked") Map<String, String> params = (Map<String, String>) m.get("params");
            Map<String, Double> metrics = new TreeMap<>();
            @SuppressWarnings("unchecked") Map<String, Object> raw = (Map<String, Object>) m.get("metrics");
            raw.forEach((k, v) -> metrics.put(k, v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v))));
            return Optional.of(new CellResult((String) m.get("name"), params, metrics, (String) m.get("status")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    public void write(String name, String text) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + name + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
