package org.sparcj.experiments.regress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        this.tokens = tokenize(source);
    }

    /** Parses one claim expression; throws {@link ExpressionSyntaxException} naming column and token. */
    public static Comparison parse(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("expression is null");
        }
        return new ExpressionParser(expression).claim();
    }

    private Comparison claim() {
        List<Expr> operands = new ArrayList<>();
        List<Comparison.Operator> operators = new ArrayList<>();
        operands.add(sum());
        while (peek().kind == Kind.OP && isComparison(peek().text)) {
            operators.add(Comparison.Operator.ofSymbol(next().text));
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
        return new Comparison(operands, operators, tolerance, source);
    }

    private Expr sum() {
        Expr left = product();
        while (peek().kind == Kind.OP && (peek().text.equals("+") || peek().text.equals("-"))) {
            char op = next().text.charAt(0);
            Expr right = product();
            left = new Expr.Binary(op, left, right, left.start(), right.end());
        }
        return left;
    }

    private Expr product() {
        Expr left = unary();
        while (peek().kind == Kind.OP && (peek().text.equals("*") || peek().text.equals("/"))) {
            char op = next().text.charAt(0);
            Expr right = unary();
            left = new Expr.Binary(op, left, right, left.start(), right.end());
        }
        return left;
    }

    private Expr unary() {
        if (peek().kind == Kind.OP && peek().text.equals("-")) {
            Token minus = next();
            Expr operand = unary();
            return new Expr.Negate(operand, minus.start, operand.end());
        }
        return primary();
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind) {
            case NUMBER:
                return new Expr.Number(Double.parseDouble(t.text), t.start, t.end);
            case NAME:
                if (t.text.equals(WITHIN)) {
                    throw error(t, "'within' must follow a complete comparison");
                }
                if (peekOp("(")) {
                    return call(t);
                }
                if (peekOp("[")) {
                    return metricRef(t);
                }
                return new Expr.Constant(t.text, t.start, t.end);
            case OP:
                if (t.text.equals("(")) {
                    Expr inner = sum();
                    Token close = expectOp(")", "expected ')' to close the '(' at column " + (t.start + 1));
                    return rewrap(inner, t.start, close.end);
                }
                throw error(t, "expected a number, a metric, a constant or '('");
            default:
                throw error(t, "expected a number, a metric, a constant or '('");
        }
    }

    /** Widens a parenthesised expression's span to include its parentheses (for quoting). */
    private static Expr rewrap(Expr e, int start, int end) {
        if (e instanceof Expr.Number n) {
            return new Expr.Number(n.value(), start, end);
        } else if (e instanceof Expr.Constant c) {
            return new Expr.Constant(c.name(), start, end);
        } else if (e instanceof Expr.MetricRef m) {
            return new Expr.MetricRef(m.metric(), m.selector(), start, end);
        } else if (e instanceof Expr.Negate n) {
            return new Expr.Negate(n.operand(), start, end);
        } else if (e instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), b.left(), b.right(), start, end);
        } else {
            Expr.Call c = (Expr.Call) e;
            return new Expr.Call(c.function(), c.args(), start, end);
        }
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

    private static boolean isComparison(String op) {
        return switch (op) {
            case "<", "<=", ">", ">=", "==", "!=" -> true;
            default -> false;
        };
    }

    private ExpressionSyntaxException error(Token t, String problem) {
        return new ExpressionSyntaxException(source, t.start, t.describe(), problem);
    }

    private List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int save = i;
                    i++;
                    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                        i++;
                    }
                    if (i < s.length() && Character.isDigit(s.charAt(i))) {
                        while (i < s.length() && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    } else {
                        i = save;
                    }
                }
                String text = s.substring(start, i);
                try {
                    Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new ExpressionSyntaxException(s, start, "'" + text + "'", "malformed number");
                }
                out.add(new Token(Kind.NUMBER, text, start, i));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == '.')) {
                    i++;
                }
                String text = s.substring(start, i);
                if (text.endsWith(".")) {
                    throw new ExpressionSyntaxException(s, start, "'" + text + "'", "a name cannot end with '.'");
                }
                out.add(new Token(Kind.NAME, text, start, i));
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (two.equals("<=") || two.equals(">=") || two.equals("==") || two.equals("!=")) {
                    out.add(new Token(Kind.OP, two, i, i + 2));
                    i += 2;
                } else if ("<>+-*/()[],=".indexOf(c) >= 0) {
                    out.add(new Token(Kind.OP, String.valueOf(c), i, i + 1));
                    i++;
                } else {
                    throw new ExpressionSyntaxException(s, i, "'" + c + "'", "unexpected character");
                }
            }
        }
        out.add(new Token(Kind.END, "", s.length(), s.length()));
        return out;
    }
}
