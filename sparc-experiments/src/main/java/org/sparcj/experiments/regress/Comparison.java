package org.sparcj.experiments.regress;

import java.util.List;

/**
 * A parsed claim: a chain of comparisons {@code a op1 b op2 c ...} (true when every adjacent
 * pair holds), with an optional tolerance ({@code ... within t}) applied to every link.
 *
 * @param operands  the n >= 2 compared expressions
 * @param operators the n-1 operators between them
 * @param tolerance the tolerance expression, or null for the defaults (see {@link Operator#holds})
 * @param source    the original text
 */
public record Comparison(List<Expr> operands, List<Operator> operators, Expr tolerance, String source) {

    public Comparison {
        operands = List.copyOf(operands);
        operators = List.copyOf(operators);
        if (operands.size() < 2 || operators.size() != operands.size() - 1) {
            throw new IllegalArgumentException("a comparison needs n operands and n-1 operators");
        }
    }

    /** Every metric reference in the expression (operands and tolerance), in source order. */
    public List<Expr.MetricRef> metricRefs() {
        List<Expr.MetricRef> out = new java.util.ArrayList<>();
        operands.forEach(e -> collect(e, out));
        if (tolerance != null) {
            collect(tolerance, out);
        }
        return out;
    }

    /** The names of the runner-supplied constants the expression uses, in source order, without repeats. */
    public List<String> constants() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        java.util.List<Expr> all = new java.util.ArrayList<>(operands);
        if (tolerance != null) {
            all.add(tolerance);
        }
        all.forEach(e -> constantsOf(e, out));
        return List.copyOf(out);
    }

    private static void constantsOf(Expr e, java.util.Set<String> out) {
        if (e instanceof Expr.Constant c) {
            out.add(c.name());
        } else if (e instanceof Expr.Negate n) {
            constantsOf(n.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            constantsOf(b.left(), out);
            constantsOf(b.right(), out);
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(a -> constantsOf(a, out));
        }
    }

    private static void collect(Expr e, List<Expr.MetricRef> out) {
        if (e instanceof Expr.MetricRef m) {
            out.add(m);
        } else if (e instanceof Expr.Negate n) {
            collect(n.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(a -> collect(a, out));
        }
    }

    /** The source text of one operand, as written. */
    public String operandText(int i) {
        Expr e = operands.get(i);
        return source.substring(e.start(), e.end()).strip();
    }

    /** Comparison operators. Tolerance makes every comparison lenient by that amount. */
    public enum Operator {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /**
         * Whether {@code left op right} holds with tolerance {@code tol} (>= 0): {@code <} means
         * left < right + tol, {@code >} means left > right - tol, {@code ==} means |left - right| <= tol,
         * {@code !=} means |left - right| > tol.
         */
        public boolean holds(double left, double right, double tol) {
            return switch (this) {
                case LT -> left < right + tol;
                case LE -> left <= right + tol;
                case GT -> left > right - tol;
                case GE -> left >= right - tol;
                case EQ -> Math.abs(left - right) <= tol;
                case NE -> Math.abs(left - right) > tol;
            };
        }

        static Operator ofSymbol(String s) {
            for (Operator o : values()) {
                if (o.symbol.equals(s)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("not a comparison operator: " + s);
        }
    }
}
