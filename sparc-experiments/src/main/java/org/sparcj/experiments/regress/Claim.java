package org.sparcj.experiments.regress;

/**
 * One executable check of a paper finding.
 *
 * @param id                   unique id, e.g. C3a
 * @param finding              the finding it checks: C1..C8 the paper's (docs/METHOD.md), S the studies', L localisation's
 * @param description          what the check says, in words
 * @param paperFigure          the paper's number(s) for the report, as text
 * @param expression           the parsed expression (its source text is {@code expression.source()})
 * @param holdsOn              honest note on where the finding is expected to hold and why not elsewhere
 * @param knownNotToReproduce  true when the check is known to fail on this benchmark; it is still
 *                             evaluated and shown as FAIL, only marked as known
 */
public record Claim(String id, String finding, String description, String paperFigure, ClaimExpression expression,
                    String holdsOn, boolean knownNotToReproduce) {
}
