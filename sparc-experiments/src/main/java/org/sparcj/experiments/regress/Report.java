package org.sparcj.experiments.regress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link RegressionResult} as Markdown (results/regression/report.md). */
public final class Report {

    private Report() {
    }

    /** Writes the Markdown report, creating parent directories. */
    public static void write(RegressionResult result, Path file) {
        Output.write(file, markdown(result), "regression report");
    }

    static String markdown(RegressionResult r) {
        StringBuilder md = new StringBuilder();
        md.append("# SPARC-J paper-claim regression\n\n");
        md.append("**").append(verdict(r.exitCode())).append("**: ").append(r.summary()).append("\n\n");
        if (r.baseline() != null) {
            Baseline.Info b = r.baseline();
            md.append("Baseline: `").append(b.benchmark()).append("`, grid `").append(b.grid()).append("`, commit `")
                    .append(b.gitCommit()).append("`, measured ").append(b.created()).append(", seeds ")
                    .append(String.join(", ", b.seeds())).append(".\n\n");
        }
        if (!r.errors().isEmpty()) {
            md.append("## Errors\n\n");
            r.errors().forEach(e -> md.append("- ").append(esc(e)).append('\n'));
            md.append('\n');
        }
        md.append("## Claims\n\n");
        md.append("Values are means over the seeds of each selected configuration. A claim marked known not to "
                + "reproduce still shows FAIL.\n\n");
        md.append("| id | description | expression | measured | paper | result | note |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (ClaimOutcome o : r.claims()) {
            Claim c = o.claim();
            md.append("| ").append(c.id())
                    .append(" | ").append(esc(c.description()))
                    .append(" | `").append(esc(c.expression().source())).append('`')
                    .append(" | ").append(esc(measured(o)))
                    .append(" | ").append(esc(c.paperFigure()))
                    .append(" | ").append(result(o))
                    .append(" | ").append(esc(note(o)))
                    .append(" |\n");
        }
        md.append('\n');
        if (r.baseline() != null) {
            List<MetricDrift> moved = r.moved();
            md.append("## Metrics moved past tolerance\n\n");
            md.append("Tolerance = max(k_sigma x seed std, absolute floor, relative floor x |baseline mean|); "
                    + "a move in either direction counts (an improvement also needs `--update-baseline`).\n\n");
            if (moved.isEmpty()) {
                md.append("None: all ").append(r.drifts().stream()
                        .filter(c -> c.status() == MetricDrift.Status.WITHIN).count())
                        .append(" compared metrics are within tolerance.\n\n");
            } else {
                md.append("| cell | metric | baseline mean | baseline seed range | now | delta | tolerance | direction |\n");
                md.append("|---|---|---|---|---|---|---|---|\n");
                for (MetricDrift m : moved) {
                    md.append("| ").append(esc(m.cell().toString()))
                            .append(" | ").append(esc(m.metric()))
                            .append(" | ").append(num(m.baseline().mean()))
                            .append(" | ").append(num(m.baseline().min())).append(" .. ").append(num(m.baseline().max()))
                            .append(" | ").append(num(m.now()))
                            .append(" | ").append(signed(m.delta()))
                            .append(" | ").append(num(m.tolerance()))
                            .append(" | ").append(m.direction())
                            .append(" |\n");
                }
                md.append('\n');
            }
            List<MetricDrift> added = r.drifts().stream()
                    .filter(c -> c.status() == MetricDrift.Status.NEW).toList();
            if (!added.isEmpty()) {
                md.append("## New metrics (not in the baseline, not compared)\n\n");
                added.forEach(m -> md.append("- ").append(esc(m.cell().toString())).append(": `")
                        .append(esc(m.metric())).append("` = ").append(num(m.now())).append('\n'));
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static String verdict(int exit) {
        return switch (exit) {
            case 0 -> "OK";
            case 1 -> "REGRESSION";
            default -> "ERROR";
        };
    }

    private static String result(ClaimOutcome o) {
        return switch (o.status()) {
            case PASS -> "PASS";
            case ERROR -> "ERROR";
            case FAIL -> o.knownFailure() ? "FAIL (known not to reproduce)" : "FAIL";
        };
    }

    /**
     * The compared values as a chain ("0.812 > 0.763 > 0.324"), the number of seeds averaged, and
     * the value of every metric reference that is not itself a compared side (inside arithmetic).
     */
    static String measured(ClaimOutcome o) {
        ClaimExpression expr = o.claim().expression();
        List<String> parts = new ArrayList<>();
        if (!o.operands().isEmpty()) {
            StringBuilder chain = new StringBuilder(num(o.operands().get(0)));
            for (int i = 0; i < expr.operators().size(); i++) {
                chain.append(' ').append(expr.operators().get(i).symbol()).append(' ').append(num(o.operands().get(i + 1)));
            }
            if (expr.tolerance() != null) {
                chain.append(" within ").append(num(o.tolerance()));
            }
            parts.add(chain.toString());
        }
        java.util.Set<Integer> seedCounts = o.references().stream().map(v -> v.cells().size())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (seedCounts.size() == 1) {
            int n = seedCounts.iterator().next();
            parts.add(n == 1 ? "1 seed" : "means of " + n + " seeds");
        }
        java.util.Set<String> sides = new java.util.HashSet<>();
        for (int i = 0; i < expr.operands().size(); i++) {
            if (expr.operands().get(i) instanceof Expr.MetricRef) {
                sides.add(expr.operandText(i));
            }
        }
        for (ClaimOutcome.MetricValue v : o.references()) {
            if (!sides.contains(v.reference()) || seedCounts.size() > 1) {
                parts.add(v.reference() + " = " + num(v.value()) + (seedCounts.size() > 1 ? " (" + v.cells().size()
                        + (v.cells().size() == 1 ? " seed)" : " seeds)") : ""));
            }
        }
        return String.join("; ", parts);
    }

    private static String note(ClaimOutcome o) {
        List<String> parts = new ArrayList<>();
        if (!o.message().isEmpty()) {
            parts.add(o.status() == ClaimOutcome.Status.ERROR ? "error: " + o.message() : o.message());
        }
        if (!o.claim().holdsOn().isEmpty()) {
            parts.add("holds on: " + o.claim().holdsOn());
        }
        return String.join(". ", parts);
    }

    /** Four significant digits, plain for ordinary magnitudes. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e6 ? String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1")
                .replaceAll("\\.$", "") : String.format(Locale.ROOT, "%.3e", v);
    }

    static String signed(double v) {
        return (v > 0 ? "+" : "") + num(v);
    }

    /** Escapes Markdown table separators and line breaks. */
    private static String esc(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
