package org.sparcj.experiments.regress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A human-readable account of what a baseline update changes. */
final class BaselineDiff {

    private BaselineDiff() {
    }

    static String describe(Baseline old, Baseline fresh, TolerancePolicy policy) {
        StringBuilder out = new StringBuilder();
        Baseline.Info n = fresh.info();
        if (old == null) {
            out.append("New baseline '").append(n.benchmark()).append("': ").append(fresh.cells().size())
                    .append(" configurations, ").append(fresh.cells().values().stream().mapToInt(c -> c.metrics().size()).sum())
                    .append(" metrics, seeds ").append(String.join(", ", n.seeds())).append(", commit ")
                    .append(n.gitCommit()).append('\n');
            return out.toString();
        }
        Baseline.Info o = old.info();
        out.append("Baseline '").append(n.benchmark()).append("' updated\n");
        field(out, "git commit", o.gitCommit(), n.gitCommit());
        field(out, "created", o.created().toString(), n.created().toString());
        field(out, "grid", o.grid(), n.grid());
        field(out, "seed key", o.seedKey(), n.seedKey());
        field(out, "seeds", String.join(", ", o.seeds()), String.join(", ", n.seeds()));

        List<String> cellLines = new ArrayList<>();
        List<String> beyond = new ArrayList<>();
        List<String> within = new ArrayList<>();
        List<String> metricLines = new ArrayList<>();
        int unchanged = 0;
        for (CellKey k : old.cells().keySet()) {
            if (!fresh.cells().containsKey(k)) {
                cellLines.add("  - configuration " + k + " removed");
            }
        }
        for (Map.Entry<CellKey, Baseline.Cell> e : fresh.cells().entrySet()) {
            Baseline.Cell before = old.cells().get(e.getKey());
            if (before == null) {
                cellLines.add("  + configuration " + e.getKey() + " added (" + e.getValue().metrics().size() + " metrics)");
                continue;
            }
            if (!before.seeds().equals(e.getValue().seeds())) {
                cellLines.add("  ~ configuration " + e.getKey() + " seeds " + before.seeds() + " -> " + e.getValue().seeds());
            }
            for (String m : before.metrics().keySet()) {
                if (!e.getValue().metrics().containsKey(m)) {
                    metricLines.add("  - " + e.getKey() + " " + m + " removed");
                }
            }
            for (Map.Entry<String, MetricStats> me : e.getValue().metrics().entrySet()) {
                MetricStats was = before.metrics().get(me.getKey());
                MetricStats is = me.getValue();
                if (was == null) {
                    metricLines.add("  + " + e.getKey() + " " + me.getKey() + " added: mean " + Report.num(is.mean()));
                } else if (Double.compare(was.mean(), is.mean()) == 0 && Double.compare(was.std(), is.std()) == 0) {
                    unchanged++;
                } else {
                    double tol = policy.tolerance(me.getKey(), was);
                    double delta = is.mean() - was.mean();
                    String line = "  " + e.getKey() + " " + me.getKey() + ": mean " + Report.num(was.mean()) + " -> "
                            + Report.num(is.mean()) + " (" + Report.signed(delta) + ", old tolerance "
                            + Report.num(tol) + "), std " + Report.num(was.std()) + " -> " + Report.num(is.std());
                    boolean past = !(Math.abs(delta) <= tol) && !(Double.isNaN(was.mean()) && Double.isNaN(is.mean()));
                    (past ? beyond : within).add(line);
                }
            }
        }
        out.append("configurations: ").append(fresh.cells().size()).append(" (was ").append(old.cells().size())
                .append(")\n");
        cellLines.forEach(l -> out.append(l).append('\n'));
        out.append("metrics: ").append(beyond.size()).append(" moved past the old tolerance, ").append(within.size())
                .append(" changed within it, ").append(unchanged).append(" unchanged, ")
                .append(metricLines.size()).append(" added or removed\n");
        if (!beyond.isEmpty()) {
            out.append("moved past the old tolerance:\n");
            beyond.forEach(l -> out.append(l).append('\n'));
        }
        if (!within.isEmpty()) {
            out.append("changed within the old tolerance:\n");
            within.forEach(l -> out.append(l).append('\n'));
        }
        if (!metricLines.isEmpty()) {
            out.append("added or removed:\n");
            metricLines.forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String was, String is) {
        if (!Objects.equals(was, is)) {
            out.append(name).append(": ").append(was).append(" -> ").append(is).append('\n');
        }
    }
}
