package org.sparcj.experiments.regress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for claim expressions.
 *
 * <pre>
 * claim     := sum (cmp sum)+ ['within' sum] EOF
 * cmp       := '&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '==' | '!='
 * sum       := product (('+' | '-') product)*
 * product   := unary (('*' | '/') unary)*
 * unary     := '-' unary | primary
 * primary   := NUMBER | '(' sum ')' | NAME '(' sum (',' sum)* ')' | NAME '[' sel (',' sel)* ']' | NAME
 * sel       := NAME '=' ['-'] (NAME | NUMBER)
 * NAME      := [A-Za-z_][A-Za-z0-9_.]*      (metric names contain dots: retrieval.latent.r_at_1_mean)
 * </pre>
 * A bare NAME is a runner-supplied constant; {@code within} is reserved.
 */
public final class ExpressionParser {

    static final Set<String> FUNCTIONS = Set.of("abs", "min", "max");
    private static final String WITHIN = "within";

    private static final Pattern NUMBER = Pattern.compile("(?:[0-9]|\\.[0-9])[0-9.]*(?:[eE][+-]?[0-9]+)?");
    private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}_.]*");
    private static final Pattern OPERATOR = Pattern.compile("<=|>=|==|!=|[<>+\\-*/()\\[\\],=]");

    private enum Kind { NUMBER, NAME, OP, END }

    private record Token(Kind kind, String text, int start, int end) {
        String describe() {
            return kind == Kind.END ? "end of expression" : "'" + text + "'";
        }
    }

    private final String source;
    private final List<Token> tokens;
    private int pos;

    private ExpressionParser(String source) {
        this.source = source;
        this.tokens = tokenize();
    }

    /** Parses one claim expression; throws {@link ExpressionSyntaxException} naming column and token. */
    public static ClaimExpression parse(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("expression is null");
        }
        return new ExpressionParser(expression).claim();
    }

    private ClaimExpression claim() {
        List<Expr> operands = new ArrayList<>();
        List<ClaimExpression.Operator> operators = new ArrayList<>();
        operands.add(sum());
        ClaimExpression.Operator op;
        while (peek().kind == Kind.OP && (op = ClaimExpression.Operator.ofSymbol(peek().text)) != null) {
            next();
            operators.add(op);
            operands.add(sum());
        }
        if (operators.isEmpty()) {
            throw error(peek(), "expected a comparison operator (< <= > >= == !=)");
        }
        Expr tolerance = null;
        if (peek().kind == Kind.NAME && peek().text.equals(WITHIN)) {
            next();
            tolerance = sum();
        }
        if (peek().kind != Kind.END) {
            throw error(peek(), "unexpected token after the comparison");
        }
        return new ClaimExpression(operands, operators, tolerance, source);
    }

    private Expr sum() {
        return leftAssociative(this::product, "+-");
    }

    private Expr product() {
        return leftAssociative(this::unary, "*/");
    }

    /** {@code operand (op operand)*} for the one-character operators {@code ops}, grouped to the left. */
    private Expr leftAssociative(Supplier<Expr> operand, String ops) {
        int start = peek().start;
        Expr left = operand.get();
        while (peek().kind == Kind.OP && peek().text.length() == 1 && ops.contains(peek().text)) {
            char op = next().text.charAt(0);
            left = new Expr.Binary(op, left, operand.get(), start, consumedEnd());
        }
        return left;
    }

    private Expr unary() {
        if (peek().kind == Kind.OP && peek().text.equals("-")) {
            Token minus = next();
            return new Expr.Negate(unary(), minus.start, consumedEnd());
        }
        return primary();
    }

    /**
     * A parenthesised expression is its content (span without the parentheses); the spans of the
     * nodes around it come from the tokens, so they include the parentheses.
     */
    private Expr primary() {
        Token t = next();
        if (t.kind == Kind.NUMBER) {
            return new Expr.Number(Double.parseDouble(t.text), t.start, t.end);
        }
        if (t.kind == Kind.NAME) {
            if (t.text.equals(WITHIN)) {
                throw error(t, "'within' must follow a complete comparison");
            }
            return peekOp("(") ? call(t) : peekOp("[") ? metricRef(t) : new Expr.Constant(t.text, t.start, t.end);
        }
        if (t.kind == Kind.OP && t.text.equals("(")) {
            Expr inner = sum();
            expectOp(")", "expected ')' to close the '(' at column " + (t.start + 1));
            return inner;
        }
        throw error(t, "expected a number, a metric, a constant or '('");
    }

    private Expr call(Token name) {
        if (!FUNCTIONS.contains(name.text)) {
            throw error(name, "unknown function (known: abs, min, max)");
        }
        next(); // (
        List<Expr> args = new ArrayList<>();
        args.add(sum());
        while (peekOp(",")) {
            next();
            args.add(sum());
        }
        Token close = expectOp(")", "expected ',' or ')' in the arguments of " + name.text);
        if (name.text.equals("abs") && args.size() != 1) {
            throw error(name, "abs takes exactly one argument, got " + args.size());
        }
        return new Expr.Call(name.text, args, name.start, close.end);
    }

    private Expr metricRef(Token name) {
        Token open = next(); // [
        Map<String, String> selector = new LinkedHashMap<>();
        while (true) {
            Token key = next();
            if (key.kind != Kind.NAME) {
                throw error(key, "expected a parameter name in the cell selector (e.g. topk=GLOBAL)");
            }
            expectOp("=", "expected '=' after parameter name '" + key.text + "' in the cell selector");
            String value;
            Token v = next();
            if (v.kind == Kind.OP && v.text.equals("-")) {
                Token num = next();
                if (num.kind != Kind.NUMBER) {
                    throw error(num, "expected a number after '-' in the cell selector");
                }
                value = "-" + num.text;
            } else if (v.kind == Kind.NAME || v.kind == Kind.NUMBER) {
                value = v.text;
            } else {
                throw error(v, "expected a value for '" + key.text + "' in the cell selector");
            }
            if (selector.put(key.text, value) != null) {
                throw error(key, "parameter '" + key.text + "' given twice in the cell selector");
            }
            if (!peekOp(",")) {
                break;
            }
            next();
        }
        Token close = expectOp("]", "expected ',' or ']' in the cell selector opened at column " + (open.start + 1));
        return new Expr.MetricRef(name.text, selector, name.start, close.end);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.END) {
            pos++;
        }
        return t;
    }

    /** The end of the last token consumed. */
    private int consumedEnd() {
        return tokens.get(pos - 1).end;
    }

    private boolean peekOp(String op) {
        return peek().kind == Kind.OP && peek().text.equals(op);
    }

    private Token expectOp(String op, String problem) {
        Token t = next();
        if (t.kind != Kind.OP || !t.text.equals(op)) {
            throw error(t, problem);
        }
        return t;
    }

    private ExpressionSyntaxException error(Token t, String problem) {
        return new ExpressionSyntaxException(source, t.start, t.describe(), problem);
    }

    private List<Token> tokenize() {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            if (Character.isWhitespace(source.charAt(i))) {
                i++;
                continue;
            }
            Token t;
            int end;
            if ((end = lookingAt(NUMBER, i)) > 0) {
                t = new Token(Kind.NUMBER, source.substring(i, end), i, end);
                try {
                    Double.parseDouble(t.text);
                } catch (NumberFormatException e) {
                    throw error(t, "malformed number");
                }
            } else if ((end = lookingAt(NAME, i)) > 0) {
                t = new Token(Kind.NAME, source.substring(i, end), i, end);
                if (t.text.endsWith(".")) {
                    throw error(t, "a name cannot end with '.'");
                }
            } else if ((end = lookingAt(OPERATOR, i)) > 0) {
                t = new Token(Kind.OP, source.substring(i, end), i, end);
            } else {
                throw error(new Token(Kind.OP, source.substring(i, i + 1), i, i + 1), "unexpected character");
            }
            out.add(t);
            i = end;
        }
        out.add(new Token(Kind.END, "", source.length(), source.length()));
        return out;
    }

    /** The end of {@code p}'s match starting at {@code from}, or -1. */
    private int lookingAt(Pattern p, int from) {
        Matcher m = p.matcher(source).region(from, source.length());
        return m.lookingAt() ? m.end() : -1;
    }
}
