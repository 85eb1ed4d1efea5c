package org.sparcj.experiments.regress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.sparcj.experiments.run.CellResult;

/**
 * Evaluates claims over grid results. A selector picks the cells whose params contain every
 * given key=value; they must be seeds of one configuration (else the selector is ambiguous), and
 * the metric is averaged over them. A selector with no cell, a missing metric, a NaN, an unknown
 * constant or a division by zero make the claim an ERROR, never a FAIL.
 */
final class ClaimEvaluator {

    private final List<CellResult> cells;
    private final Map<String, Double> constants;
    private final String seedKey;
    private final double equalityEpsilon;

    ClaimEvaluator(List<CellResult> cells, Map<String, Double> constants, String seedKey, double equalityEpsilon) {
        this.cells = List.copyOf(cells);
        this.constants = Map.copyOf(constants);
        this.seedKey = seedKey;
        this.equalityEpsilon = equalityEpsilon;
    }

    ClaimOutcome evaluate(Claim claim) {
        ClaimExpression expr = claim.expression();
        Map<String, ClaimOutcome.MetricValue> refs = new LinkedHashMap<>();
        try {
            List<Double> values = new ArrayList<>();
            for (Expr e : expr.operands()) {
                values.add(value(e, expr, refs));
            }
            Double within = expr.tolerance() == null ? null : value(expr.tolerance(), expr, refs);
            if (within != null && within < 0) {
                throw new EvaluationException("tolerance is negative: " + within);
            }
            // Without an explicit 'within', only == and != get the epsilon; < > stay strict.
            double tol = within != null ? within
                    : expr.operators().stream().anyMatch(ClaimExpression.Operator::equality) ? equalityEpsilon : 0.0;
            String failed = "";
            int links = expr.operators().size();
            for (int i = 0; i < links && failed.isEmpty(); i++) {
                ClaimExpression.Operator op = expr.operators().get(i);
                double linkTol = within != null || op.equality() ? tol : 0.0;
                if (!op.holds(values.get(i), values.get(i + 1), linkTol)) {
                    failed = "fails: " + Report.num(values.get(i)) + " " + op.symbol() + " " + Report.num(values.get(i + 1))
                            + (links > 1 ? " (comparison " + (i + 1) + " of " + links + ")" : "")
                            + (within != null ? " within " + Report.num(linkTol) : "");
                }
            }
            return new ClaimOutcome(claim, failed.isEmpty() ? ClaimOutcome.Status.PASS : ClaimOutcome.Status.FAIL,
                    values, tol, new ArrayList<>(refs.values()), failed);
        } catch (EvaluationException e) {
            return new ClaimOutcome(claim, ClaimOutcome.Status.ERROR, List.of(), 0.0,
                    new ArrayList<>(refs.values()), e.getMessage());
        }
    }

    private double value(Expr e, ClaimExpression expr, Map<String, ClaimOutcome.MetricValue> refs) {
        double v;
        if (e instanceof Expr.Number n) {
            v = n.value();
        } else if (e instanceof Expr.Constant c) {
            Double k = constants.get(c.name());
            if (k == null) {
                throw new EvaluationException("unknown constant '" + c.name() + "' (the runner supplies: "
                        + names(constants.keySet()) + ")");
            }
            v = k;
        } else if (e instanceof Expr.MetricRef m) {
            v = refs.computeIfAbsent(expr.text(m), text -> metric(m, text)).value();
        } else if (e instanceof Expr.Negate n) {
            v = -value(n.operand(), expr, refs);
        } else if (e instanceof Expr.Binary b) {
            double l = value(b.left(), expr, refs);
            double r = value(b.right(), expr, refs);
            if (b.op() == '/' && r == 0.0) {
                throw new EvaluationException("division by zero in '" + expr.text(b) + "'");
            }
            v = switch (b.op()) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '*' -> l * r;
                default -> l / r;
            };
        } else {
            Expr.Call c = (Expr.Call) e;
            List<Double> args = new ArrayList<>();
            for (Expr a : c.args()) {
                args.add(value(a, expr, refs));
            }
            v = switch (c.function()) {
                case "abs" -> Math.abs(args.get(0));
                case "min" -> args.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                default -> args.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            };
        }
        if (Double.isNaN(v)) {
            throw new EvaluationException("'" + expr.text(e) + "' is NaN");
        }
        return v;
    }

    /** Names for a message, sorted, or "none". */
    static String names(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }

    private ClaimOutcome.MetricValue metric(Expr.MetricRef m, String text) {
        List<CellResult> matched = select(cells, CellResult::params, m.selector(), seedKey);
        double sum = 0;
        List<String> names = new ArrayList<>();
        for (CellResult c : matched) {
            Double v = c.metrics().get(m.metric());
            if (v == null) {
                throw new EvaluationException("metric '" + m.metric() + "' is missing in cell " + c.name());
            }
            if (Double.isNaN(v)) {
                throw new EvaluationException("metric '" + m.metric() + "' is NaN in cell " + c.name());
            }
            sum += v;
            names.add(c.name());
        }
        return new ClaimOutcome.MetricValue(text, sum / matched.size(), names);
    }

    /**
     * The cells a selector picks: those whose params contain every key=value. Throws when none
     * matches, or when they are not all seeds of one configuration.
     */
    static <T> List<T> select(List<T> cells, java.util.function.Function<T, Map<String, String>> params,
                              Map<String, String> selector, String seedKey) {
        String shown = selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "[", "]"));
        List<T> matched = cells.stream()
                .filter(c -> selector.entrySet().stream().allMatch(s -> params.apply(c).containsKey(s.getKey())
                        && CellKey.valueMatches(params.apply(c).get(s.getKey()), s.getValue())))
                .toList();
        if (matched.isEmpty()) {
            throw new EvaluationException("no cell matches " + shown);
        }
        Set<CellKey> configs = new TreeSet<>();
        matched.forEach(c -> configs.add(CellKey.of(params.apply(c), seedKey)));
        if (configs.size() > 1) {
            throw new EvaluationException("selector " + shown + " is ambiguous: it matches " + configs.size()
                    + " configurations (" + configs.stream().map(CellKey::toString).collect(Collectors.joining("; "))
                    + "); name the parameters that tell them apart");
        }
        return matched;
    }

    /** An error evaluating a claim (distinct from the claim failing). */
    static final class EvaluationException extends RuntimeException {
        EvaluationException(String message) {
            super(message);
        }
    }
}
