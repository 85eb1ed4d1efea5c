/**
 * The synthetic concept benchmark: {@link org.sparcj.data.synthetic.SyntheticBenchmark} generates a
 * seeded multi-stream dataset with a known concept tree and labels (shared concepts seen by every
 * stream, private factors and noise per stream), configured by
 * {@link org.sparcj.data.synthetic.SyntheticConfig}. It is the quickstart's and the regression's data.
 */
package org.sparcj.data.synthetic;
