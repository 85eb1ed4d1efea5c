package org.sparcj.experiments.regress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes baselines as JSON, keys sorted so that a changed baseline diffs cleanly in git.
 * Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity".
 */
public final class BaselineJson {

    static final int FORMAT = 1;

    private BaselineJson() {
    }

    /** The conventional file of a benchmark: {@code <dir>/<benchmark>.json}. */
    public static Path fileOf(Path baselineDir, String benchmark) {
        return baselineDir.resolve(benchmark + ".json");
    }

    public static void write(Baseline b, Path file) {
        ObjectNode root = Output.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("benchmark", b.info().benchmark());
        root.put("created", b.info().created().toString());
        root.put("git_commit", b.info().gitCommit());
        root.put("grid", b.info().grid());
        root.put("seed_key", b.info().seedKey());
        ArrayNode seeds = root.putArray("seeds");
        b.info().seeds().forEach(seeds::add);
        ObjectNode cells = root.putObject("cells");
        b.cells().forEach((key, cell) -> {
            ObjectNode c = cells.putObject(key.toString());
            ArrayNode cs = c.putArray("seeds");
            cell.seeds().forEach(cs::add);
            ObjectNode metrics = c.putObject("metrics");
            cell.metrics().forEach((name, s) -> {
                ObjectNode m = metrics.putObject(name);
                m.set("mean", Output.number(s.mean()));
                m.set("std", Output.number(s.std()));
                m.set("min", Output.number(s.min()));
                m.set("max", Output.number(s.max()));
                m.put("n", s.n());
            });
        });
        Output.write(file, root.toPrettyString() + "\n", "baseline");
    }

    /** Reads a baseline; a missing or malformed file is an error naming the file and the key. */
    public static Baseline read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("baseline not found: " + file
                    + " (create it with regress --update-baseline)");
        }
        JsonNode root;
        try {
            root = Output.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("baseline " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            int format = required(root, "format", file).asInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("baseline " + file + ": format " + format + " not supported (expected "
                        + FORMAT + ")");
            }
            List<String> seeds = new ArrayList<>();
            required(root, "seeds", file).forEach(n -> seeds.add(n.asText()));
            Baseline.Info info = new Baseline.Info(text(root, "benchmark", file),
                    Instant.parse(text(root, "created", file)), text(root, "git_commit", file),
                    text(root, "grid", file), text(root, "seed_key", file), seeds);
            SortedMap<CellKey, Baseline.Cell> cells = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = required(root, "cells", file).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> cellSeeds = new ArrayList<>();
                required(e.getValue(), "seeds", file).forEach(n -> cellSeeds.add(n.asText()));
                SortedMap<String, MetricStats> metrics = new TreeMap<>();
                Iterator<Map.Entry<String, JsonNode>> mi = required(e.getValue(), "metrics", file).fields();
                while (mi.hasNext()) {
                    Map.Entry<String, JsonNode> m = mi.next();
                    JsonNode s = m.getValue();
                    String where = "cells." + e.getKey() + ".metrics." + m.getKey();
                    metrics.put(m.getKey(), new MetricStats(dbl(s, "mean", file, where), dbl(s, "std", file, where),
                            dbl(s, "min", file, where), dbl(s, "max", file, where),
                            required(s, "n", file).asInt()));
                }
                cells.put(CellKey.parse(e.getKey()), new Baseline.Cell(cellSeeds, metrics));
            }
            return new Baseline(info, cells);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("baseline " + file + ": 'created' is not an ISO-8601 instant: "
                    + e.getParsedString(), e);
        }
    }

    private static JsonNode required(JsonNode n, String key, Path file) {
        return required(n, "", key, file);
    }

    /** The value under {@code key}; {@code where} (empty or ending in '.') places it in the file for the message. */
    private static JsonNode required(JsonNode n, String where, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("baseline " + file + ": missing key '" + where + key + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String key, Path file) {
        return required(n, key, file).asText();
    }

    private static double dbl(JsonNode n, String key, Path file, String where) {
        JsonNode v = required(n, where + ".", key, file);
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("baseline " + file + ": '" + where + "." + key + "' is not a number: "
                    + v.asText(), e);
        }
    }
}
