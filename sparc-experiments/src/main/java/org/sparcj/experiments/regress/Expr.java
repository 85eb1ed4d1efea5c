package org.sparcj.experiments.regress;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The arithmetic part of a claim expression: numbers, runner-supplied constants, metric
 * references over selected cells, + - * /, unary minus and functions (abs, min, max).
 * Every node keeps its source span so the report can quote it.
 */
public sealed interface Expr {

    /** Start offset (0-based, inclusive) in the expression text. */
    int start();

    /** End offset (exclusive) in the expression text. */
    int end();

    /** The direct sub-expressions. */
    default List<Expr> children() {
        if (this instanceof Negate n) {
            return List.of(n.operand());
        } else if (this instanceof Binary b) {
            return List.of(b.left(), b.right());
        } else if (this instanceof Call c) {
            return c.args();
        }
        return List.of();
    }

    /** This node and every node below it, depth first, in source order. */
    default Stream<Expr> nodes() {
        return Stream.concat(Stream.of(this), children().stream().flatMap(Expr::nodes));
    }

    /** A literal number. */
    record Number(double value, int start, int end) implements Expr {
    }

    /** A named constant supplied by the runner (e.g. {@code chance}). */
    record Constant(String name, int start, int end) implements Expr {
    }

    /**
     * {@code metric[key=value,...]}: the metric averaged over the cells whose params contain all
     * the given key=value pairs (normally the seeds of one configuration).
     */
    record MetricRef(String metric, Map<String, String> selector, int start, int end) implements Expr {
        public MetricRef {
            // insertion order kept: messages show the selector as written
            selector = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(selector));
        }
    }

    /** Unary minus. */
    record Negate(Expr operand, int start, int end) implements Expr {
    }

    /** Binary arithmetic; {@code op} is one of + - * /. */
    record Binary(char op, Expr left, Expr right, int start, int end) implements Expr {
    }

    /** A function call: abs(x), min(x, ...), max(x, ...). */
    record Call(String function, List<Expr> args, int start, int end) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }
}
