package org.sparcj.experiments.regress;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The machine-readable twin of the Markdown report (results/regression/result.json), e.g. as a
 * tracker artifact. Non-finite numbers are written as strings ("NaN").
 */
public final class ResultJson {

    private ResultJson() {
    }

    public static String toJson(RegressionResult r) {
        ObjectNode root = Output.JSON.createObjectNode();
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
            o.operands().forEach(v -> operands.add(Output.number(v)));
            c.set("tolerance", Output.number(o.tolerance()));
            ArrayNode refs = c.putArray("references");
            for (ClaimOutcome.MetricValue v : o.references()) {
                ObjectNode ref = refs.addObject();
                ref.put("reference", v.reference());
                ref.set("value", Output.number(v.value()));
                ArrayNode cells = ref.putArray("cells");
                v.cells().forEach(cells::add);
            }
            c.put("message", o.message());
        }
        ArrayNode metrics = root.putArray("metrics");
        for (MetricDrift m : r.drifts()) {
            ObjectNode n = metrics.addObject();
            n.put("cell", m.cell().toString());
            n.put("metric", m.metric());
            n.put("status", m.status().name());
            n.set("now", Output.number(m.now()));
            n.put("now_seeds", m.nowSeeds());
            if (m.baseline() != null) {
                n.set("baseline_mean", Output.number(m.baseline().mean()));
                n.set("baseline_std", Output.number(m.baseline().std()));
                n.set("delta", Output.number(m.delta()));
                n.set("tolerance", Output.number(m.tolerance()));
            }
        }
        return root.toPrettyString() + "\n";
    }

    /** Writes {@link #toJson}, creating parent directories. */
    public static void write(RegressionResult r, Path file) {
        Output.write(file, toJson(r), "regression result");
    }
}
