/**
 * Paper-claim regression (issue 7): the SPARC findings C1-C8 as executable checks over a seeded
 * grid's results, and every metric of every configuration against a committed baseline.
 *
 * <ul>
 *   <li>{@link org.sparcj.experiments.regress.ClaimSet} reads conf/claims.conf; each claim's
 *       expression is parsed by {@link org.sparcj.experiments.regress.ExpressionParser}, e.g.
 *       {@code jaccard_mean[topk=GLOBAL,lambda=1,k=16] > jaccard_mean[topk=LOCAL,lambda=0,k=16]}.</li>
 *   <li>{@link org.sparcj.experiments.regress.Baseline} holds per configuration (params without
 *       the seed) and metric the mean and seed spread; {@link org.sparcj.experiments.regress.BaselineJson}
 *       stores it as results/baselines/&lt;benchmark&gt;.json.</li>
 *   <li>{@link org.sparcj.experiments.regress.RegressionRunner} checks both and returns a
 *       {@link org.sparcj.experiments.regress.RegressionResult} (exit code 0 / 1 / 2, Markdown
 *       report, JSON, flat tracker metrics).</li>
 * </ul>
 */
package org.sparcj.experiments.regress;
