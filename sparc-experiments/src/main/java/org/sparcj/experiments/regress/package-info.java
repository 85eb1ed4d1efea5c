/**
 * Paper-claim regression (issue 7): the SPARC findings C1-C8 as executable checks over a seeded
 * grid's results, and every metric of every configuration against a committed baseline.
 *
 * <ul>
 *   <li>{@link org.sparcj.experiments.regress.ClaimSet} reads conf/claims.conf; each claim's
 *       expression is parsed by {@link org.sparcj.experiments.regress.ExpressionParser} into a
 *       {@link org.sparcj.experiments.regress.ClaimExpression}, e.g.
 *       {@code jaccard_mean[topk=GLOBAL,lambda=1,k=16] > jaccard_mean[topk=LOCAL,lambda=0,k=16]}.</li>
 *   <li>{@link org.sparcj.experiments.regress.Baseline} holds per configuration (params without
 *       the seed) and metric the mean and seed spread; {@link org.sparcj.experiments.regress.BaselineJson}
 *       stores it as results/baselines/&lt;benchmark&gt;.json.</li>
 *   <li>{@link org.sparcj.experiments.regress.RegressionRunner} checks both and returns a
 *       {@link org.sparcj.experiments.regress.RegressionResult}: the claim outcomes, each metric's
 *       {@link org.sparcj.experiments.regress.MetricDrift} from its baseline, exit code 0 / 1 / 2,
 *       Markdown report, JSON, flat tracker metrics.</li>
 * </ul>
 *
 * <p>Why a hand-written parser and not an expression library. Apache Commons JEXL 3.4.0 was tried
 * on the claim language (2026-11): it rejects chained comparisons ({@code a > b > c}: "parsing
 * error in '>'"), cell selectors ({@code m[topk=GLOBAL,lambda=1]}: "parsing error in ','") and
 * {@code within}; it reads dotted metric names as property paths (an unknown one becomes "null
 * operand", not the metric's name) and needs abs/min/max registered as a namespace. Using it would
 * take a tokenizer that splits the chain and {@code within}, rewrites selectors into function
 * calls and maps JEXL's error columns back to the claim text: as much code as the parser itself,
 * with vaguer syntax errors. The parser (about 250 lines) names the claim, column and expected
 * token; evaluation errors name the missing cell, metric or constant.
 */
package org.sparcj.experiments.regress;
