package org.sparcj.experiments.regress;

/** A claim expression that does not parse; names the column (1-based) and the offending token. */
public final class ExpressionSyntaxException extends IllegalArgumentException {

    private final int column;
    private final String token;

    ExpressionSyntaxException(String expression, int offset, String token, String problem) {
        super(problem + " at column " + (offset + 1) + " (token " + token + ")\n  " + expression
                + "\n  " + " ".repeat(Math.max(0, offset)) + "^");
        this.column = offset + 1;
        this.token = token;
    }

    /** 1-based column of the offending token. */
    public int column() {
        return column;
    }

    /** The offending token as written, quoted, or {@code end of expression}. */
    public String token() {
        return token;
    }
}
