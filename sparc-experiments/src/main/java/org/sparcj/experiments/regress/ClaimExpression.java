package org.sparcj.experiments.regress;

import java.util.List;
import java.util.stream.Stream;

/**
 * A parsed claim: a chain of comparisons {@code a op1 b op2 c ...} (true when every adjacent
 * pair holds), with an optional tolerance ({@code ... within t}) applied to every link.
 *
 * @param operands  the n >= 2 compared expressions
 * @param operators the n-1 operators between them
 * @param tolerance the tolerance expression, or null for the defaults (see {@link Operator#holds})
 * @param source    the original text
 */
public record ClaimExpression(List<Expr> operands, List<Operator> operators, Expr tolerance, String source) {

    public ClaimExpression {
        operands = List.copyOf(operands);
        operators = List.copyOf(operators);
        if (operands.size() < 2 || operators.size() != operands.size() - 1) {
            throw new IllegalArgumentException("a comparison needs n operands and n-1 operators");
        }
    }

    /** Every metric reference in the expression (operands and tolerance), in source order. */
    public List<Expr.MetricRef> metricRefs() {
        return nodes().filter(Expr.MetricRef.class::isInstance).map(Expr.MetricRef.class::cast).toList();
    }

    /** The names of the runner-supplied constants the expression uses, in source order, without repeats. */
    public List<String> constants() {
        return nodes().filter(Expr.Constant.class::isInstance).map(e -> ((Expr.Constant) e).name()).distinct().toList();
    }

    private Stream<Expr> nodes() {
        return Stream.concat(operands.stream(), Stream.ofNullable(tolerance)).flatMap(Expr::nodes);
    }

    /** The source text of one operand, as written. */
    public String operandText(int i) {
        return text(operands.get(i));
    }

    /** The source text of a node of this expression, as written (for messages and the report). */
    String text(Expr e) {
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

        /** == and !=: the ones that get settings.equality_epsilon without an explicit {@code within}. */
        boolean equality() {
            return this == EQ || this == NE;
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

        /** The operator written {@code s}, or null when {@code s} is not a comparison. */
        static Operator ofSymbol(String s) {
            for (Operator o : values()) {
                if (o.symbol.equals(s)) {
                    return o;
                }
            }
            return null;
        }
    }
}
