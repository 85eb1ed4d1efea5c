package org.sparcj.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparcj.model.LatentCodes;

/**
 * Linear probes beyond the best single latent (docs/METHOD.md, Metrics: linear probes). The classes,
 * the balanced samples and their 70/15/15 split are the 1-D probe's ({@link OneDimProbe.ClassParts}).
 * Per class and stream: an L1-penalised logistic regression on the whole code (all L latents), its
 * penalty chosen on the validation part among {@link #L1_PENALTIES}; and, for m in {@link #TOP_M},
 * an L2-penalised logistic regression (penalty {@code probe_l2}) on the m candidate latents that fire
 * on most training positives. Every fit minimises sum_i logloss_i + 0.5 l2 |w|^2 + l1 |w|_1 (the
 * intercept unpenalised; l1 = 1 / C of scikit-learn's L1 LogisticRegression) by FISTA. Reported: the
 * mean test log-loss over classes, per stream and probe.
 *
 * @param streams     stream names
 * @param classes     the probed classes, ascending
 * @param probes      probe names: "l1", then "top1", "top4", "top16"
 * @param meanLogLoss meanLogLoss[probe][s]: mean test log-loss over classes (NaN when none qualifies)
 * @param l1Nonzero   per stream, the mean number of non-zero weights of the chosen L1 probe
 */
public record LinearProbes(List<String> streams, int[] classes, List<String> probes, double[][] meanLogLoss,
                           double[] l1Nonzero) {
    /** The L1 penalties tried (scikit-learn's C = 10, 1, 0.1). */
    static final double[] L1_PENALTIES = {0.1, 1, 10};
    /** The numbers of top latents probed. */
    static final int[] TOP_M = {1, 4, 16};
    private static final int ITERATIONS = 300;

    /** Mean over streams of one probe's mean log-loss. */
    public double mean(int probe) {
        return Arrays.stream(meanLogLoss[probe]).average().orElse(Double.NaN);
    }

    public static LinearProbes compute(List<String> streams, LatentCodes[] codes, int[][] labelsAt, int latentSize,
                                       EvalConfig cfg) {
        int m = codes.length;
        int n = labelsAt.length;
        int maxClass = -1;
        for (int[] ls : labelsAt) for (int c : ls) maxClass = Math.max(maxClass, c);
        List<List<Integer>> positives = new ArrayList<>();
        for (int c = 0; c <= maxClass; c++) positives.add(new ArrayList<>());
        for (int p = 0; p < n; p++) for (int c : labelsAt[p]) positives.get(c).add(p);
        List<String> probes = new ArrayList<>(List.of("l1"));
        for (int t : TOP_M) probes.add("top" + t);
        int np = probes.size();
        double[][] sum = new double[np][m];
        double[] nonzero = new double[m];
        List<Integer> probed = new ArrayList<>();
        boolean[] taken = new boolean[n];
        int[] count = new int[latentSize];
        for (int c = 0; c <= maxClass; c++) {
            if (positives.get(c).size() <= cfg.probeMinPositives()) continue;
            int[] pos = positives.get(c).stream().mapToInt(Integer::intValue).toArray();
            OneDimProbe.ClassParts cp = OneDimProbe.ClassParts.of(c, pos, n, taken, cfg);
            if (cp == null) continue;
            probed.add(c);
            for (int s = 0; s < m; s++) {
                int[] all = new int[latentSize];
                for (int j = 0; j < latentSize; j++) all[j] = j;
                Fit best = null;
                double bestVal = Double.POSITIVE_INFINITY;
                for (double l1 : L1_PENALTIES) {
                    Fit f = Fit.of(features(codes[s], cp.rows()[0], all), cp.labels()[0], latentSize, cfg.probeL2(), l1);
                    double val = f.logLoss(features(codes[s], cp.rows()[1], all), cp.labels()[1]);
                    if (best == null || val < bestVal) {
                        best = f;
                        bestVal = val;
                    }
                }
                sum[0][s] += best.logLoss(features(codes[s], cp.rows()[2], all), cp.labels()[2]);
                nonzero[s] += best.nonzero();
                int[] candidates = OneDimProbe.candidates(codes[s], cp.positives()[0], TOP_M[TOP_M.length - 1], count);
                for (int t = 0; t < TOP_M.length; t++) {
                    int[] chosen = Arrays.copyOf(candidates, Math.min(TOP_M[t], candidates.length));
                    int[] slot = new int[latentSize];
                    Arrays.fill(slot, -1);
                    for (int i = 0; i < chosen.length; i++) slot[chosen[i]] = i;
                    Fit f = Fit.of(features(codes[s], cp.rows()[0], slot), cp.labels()[0], chosen.length, cfg.probeL2(), 0);
                    sum[1 + t][s] += f.logLoss(features(codes[s], cp.rows()[2], slot), cp.labels()[2]);
                }
            }
        }
        int nc = probed.size();
        double[][] mean = new double[np][m];
        for (int p = 0; p < np; p++) for (int s = 0; s < m; s++) mean[p][s] = nc == 0 ? Double.NaN : sum[p][s] / nc;
        for (int s = 0; s < m; s++) nonzero[s] = nc == 0 ? Double.NaN : nonzero[s] / nc;
        return new LinearProbes(List.copyOf(streams), probed.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(probes), mean, nonzero);
    }

    /** The rows' codes as sparse features: slot[latent] is the feature of that latent, or -1 (dropped). */
    static Sparse features(LatentCodes z, int[] rows, int[] slot) {
        int[][] idx = new int[rows.length][];
        double[][] val = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            int[] ix = new int[z.k()];
            double[] vs = new double[z.k()];
            int used = 0;
            for (int e = 0; e < z.k(); e++) {
                float v = z.value(rows[r], e);
                int f = v == 0f ? -1 : slot[z.index(rows[r], e)];
                if (f < 0) continue;
                ix[used] = f;
                vs[used++] = v;
            }
            idx[r] = Arrays.copyOf(ix, used);
            val[r] = Arrays.copyOf(vs, used);
        }
        return new Sparse(idx, val);
    }

    /** Rows of sparse features: idx[r][e] is a feature, val[r][e] its value. */
    record Sparse(int[][] idx, double[][] val) {
        double dot(int r, double[] w) {
            double z = 0;
            for (int e = 0; e < idx[r].length; e++) z += w[idx[r][e]] * val[r][e];
            return z;
        }
    }

    /** A fitted logistic regression p = sigmoid(x w + b). */
    record Fit(double[] w, double b) {
        static Fit of(Sparse x, boolean[] y, int dim, double l2, double l1) {
            int n = y.length;
            double maxNorm = 0;
            for (double[] v : x.val()) {
                double ss = 1;  // the intercept's constant feature
                for (double a : v) ss += a * a;
                maxNorm = Math.max(maxNorm, ss);
            }
            // Lipschitz constant of the smooth part's gradient: 0.25 max_i |(x_i, 1)|^2 per sample, plus l2
            double step = 1 / (0.25 * maxNorm * n + l2);
            double[] w = new double[dim], wPrev = new double[dim], v = new double[dim], g = new double[dim];
            double b = 0, bPrev = 0, vb = 0, t = 1;
            for (int it = 0; it < ITERATIONS; it++) {
                Arrays.fill(g, 0);
                double gb = 0;
                for (int r = 0; r < n; r++) {
                    double res = sigmoid(x.dot(r, v) + vb) - (y[r] ? 1 : 0);
                    for (int e = 0; e < x.idx()[r].length; e++) g[x.idx()[r][e]] += res * x.val()[r][e];
                    gb += res;
                }
                System.arraycopy(w, 0, wPrev, 0, dim);
                bPrev = b;
                for (int j = 0; j < dim; j++) {
                    double u = v[j] - step * (g[j] + l2 * v[j]);
                    w[j] = Math.signum(u) * Math.max(0, Math.abs(u) - step * l1);  // soft threshold: the L1 prox
                }
                b = vb - step * gb;
                double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                double mom = (t - 1) / tNext;
                for (int j = 0; j < dim; j++) v[j] = w[j] + mom * (w[j] - wPrev[j]);
                vb = b + mom * (b - bPrev);
                t = tNext;
            }
            return new Fit(w, b);
        }

        double logLoss(Sparse x, boolean[] y) {
            double sum = 0;
            for (int r = 0; r < y.length; r++) {
                double p = sigmoid(x.dot(r, w) + b);
                p = Math.min(1 - Logistic1D.EPS, Math.max(Logistic1D.EPS, p));
                sum -= y[r] ? Math.log(p) : Math.log(1 - p);
            }
            return sum / y.length;
        }

        int nonzero() {
            int c = 0;
            for (double a : w) if (a != 0) c++;
            return c;
        }
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
