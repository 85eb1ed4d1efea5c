package org.sparcj.experiments.regress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparcj.experiments.run.CellResult;

/** Builds grid cell results for tests. */
final class Cells {

    private Cells() {
    }

    /** A FINISHED cell named after its params, e.g. {@code cell("topk=GLOBAL,lambda=1,seed=2", "m", 0.5)}. */
    static CellResult cell(String params, Object... metricValuePairs) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String kv : params.split(",")) {
            String[] parts = kv.split("=", 2);
            p.put(parts[0], parts[1]);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < metricValuePairs.length; i += 2) {
            m.put((String) metricValuePairs[i], ((Number) metricValuePairs[i + 1]).doubleValue());
        }
        return new CellResult(params, p, m, "FINISHED");
    }

    /** A baseline of a multi-seed run (seed key "seed") with placeholder provenance. */
    static Baseline baseline(List<CellResult> seedRuns) {
        return new RegressionRunner().fromSeedRuns(seedRuns, "seed", "benchmark", "", "unknown");
    }

    static Claim claim(String id, String expression) {
        return new Claim(id, id.replaceAll("[a-z]$", ""), "description of " + id, "paper figure of " + id,
                ExpressionParser.parse(expression), "", false);
    }
}
