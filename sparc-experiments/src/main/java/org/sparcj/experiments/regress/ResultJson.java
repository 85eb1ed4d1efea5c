package org.sparcj.experiments.regress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The machine-readable twin of the Markdown report (results/regression/result.json), e.g. as a
 * tracker artifact. Non-finite numbers are written as strings ("NaN").
 */
public final class ResultJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson() {
    }

    public static String toJson(RegressionResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("summary", r.summary());
        root.put("exit_code", r.exitCode());
        if (r.baseline() != null) {
            ObjectNode b = root.putObject("baseline");
            b.put("benchmark", r.baseline().benchmark());
            b.put("created", r.baseline().created().toString());
            b.put("git_commit", r.baseline().gitCommit());
            b.put("grid", r.baseline().grid());
            ArrayNode seeds = b.putArray("seeds");
            r.baseline().seeds().forEach(seeds::add);
        }
        ArrayNode errors = root.putArray("errors");
        r.errors().forEach(errors::add);
        ArrayNode claims = root.putArray("claims");
        for (ClaimOutcome o : r.claims()) {
            ObjectNode c = claims.addObject();
            c.put("id", o.claim().id());
            c.put("finding", o.claim().finding());
            c.put("status", o.status().name());
            c.put("known_not_to_reproduce", o.claim().knownNotToReproduce());
            c.put("description", o.claim().description());
            c.put("expression", o.claim().expression().source());
            c.put("paper", o.claim().paperFigure());
            c.put("holds_on", o.claim().holdsOn());
            ArrayNode operands = c.putArray("operands");
            o.operands().forEach(v -> add(operands, v));
            num(c, "tolerance", o.tolerance());
            ArrayNode refs = c.putArray("references");
            for (ClaimOutcome.MetricValue v : o.references()) {
                ObjectNode ref = refs.addObject();
                ref.put("reference", v.reference());
                num(ref, "value", v.value());
                ArrayNode cells = ref.putArray("cells");
                v.cells().forEach(cells::add);
            }
            c.put("message", o.message());
        }
        ArrayNode metrics = root.putArray("metrics");
        for (MetricComparison m : r.comparisons()) {
            ObjectNode n = metrics.addObject();
            n.put("cell", m.cell().toString());
            n.put("metric", m.metric());
            n.put("status", m.status().name());
            num(n, "now", m.now());
            n.put("now_seeds", m.nowSeeds());
            if (m.baseline() != null) {
                num(n, "baseline_mean", m.baseline().mean());
                num(n, "baseline_std", m.baseline().std());
                num(n, "delta", m.delta());
                num(n, "tolerance", m.tolerance());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #toJson}, creating parent directories. */
    public static void write(RegressionResult r, Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, toJson(r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void num(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.put(key, Double.toString(v));
        }
    }

    private static void add(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.add(Double.toString(v));
        }
    }
}
