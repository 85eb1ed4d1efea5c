package org.sparcj.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sparcj.model.LatentCodes;

/**
 * The 1-D probe loss (docs/METHOD.md, Metrics: 1-D probe). For every class with more than {@code minPositives}
 * positives: all positives plus as many seeded random negatives (samples not carrying the class),
 * split 70/15/15 stratified (the same split for every stream); candidates = the latents that fire
 * on most training positives (at most {@code candidates}, ties: lower latent index, count > 0); one
 * {@link Logistic1D} per candidate on its activation; the candidate with the lowest validation
 * log-loss gives the test log-loss. With no candidate (no latent fires on a training positive) the
 * feature is 0 and the probe is the intercept alone. Reported: mean test log-loss over classes, per
 * stream.
 *
 * @param streams         stream names
 * @param classes         the probed classes, ascending
 * @param testLogLoss     testLogLoss[s][i]: test log-loss of class classes[i] in stream s
 * @param meanLogLoss     per stream, the mean over classes (NaN when no class qualifies)
 * @param mean            mean of meanLogLoss over streams
 */
public record OneDimProbe(List<String> streams, int[] classes, double[][] testLogLoss, double[] meanLogLoss, double mean) {

    /**
     * @param codes     per stream, the codes of every analysis position (rows = positions)
     * @param labelsAt  labelsAt[position]: distinct class indices of that sample
     */
    public static OneDimProbe compute(List<String> streams, LatentCodes[] codes, int[][] labelsAt, int latentSize,
                                      EvalConfig cfg) {
        int m = codes.length;
        int n = labelsAt.length;
        for (LatentCodes c : codes)
            if (c.rows() != n) throw new IllegalArgumentException("1-D probe: codes have " + c.rows()
                    + " rows for " + n + " labelled positions");
        int maxClass = -1;
        for (int[] ls : labelsAt) for (int c : ls) maxClass = Math.max(maxClass, c);
        int[] positiveCount = new int[maxClass + 1];
        for (int[] ls : labelsAt) for (int c : ls) positiveCount[c]++;
        List<Integer> qualifying = new ArrayList<>();
        for (int c = 0; c <= maxClass; c++) if (positiveCount[c] > cfg.probeMinPositives()) qualifying.add(c);

        List<Integer> probed = new ArrayList<>();
        List<double[]> losses = new ArrayList<>(); // per class: loss per stream
        int[] count = new int[latentSize];
        int[] slot = new int[latentSize];
        Arrays.fill(slot, -1);
        // positions per class, once, so each class costs O(its positives) and not O(n)
        int[][] positives = new int[maxClass + 1][];
        for (int c = 0; c <= maxClass; c++) positives[c] = new int[positiveCount[c]];
        int[] fill = new int[maxClass + 1];
        for (int p = 0; p < n; p++) for (int c : labelsAt[p]) positives[c][fill[c]++] = p;
        boolean[] taken = new boolean[n];
        for (int c : qualifying) {
            ClassParts cp = ClassParts.of(c, positives[c], n, taken, cfg);
            if (cp == null) continue;
            int[][] parts = cp.rows();
            boolean[][] ys = cp.labels();
            double[] perStream = new double[m];
            for (int s = 0; s < m; s++) {
                LatentCodes z = codes[s];
                int[] chosen = candidates(z, cp.positives()[0], cfg.probeCandidates(), count);
                int nc = chosen.length;
                for (int i = 0; i < nc; i++) slot[chosen[i]] = i;
                double[][][] x = new double[3][Math.max(nc, 1)][];
                for (int part = 0; part < 3; part++) {
                    for (int i = 0; i < x[part].length; i++) x[part][i] = new double[parts[part].length];
                    for (int r = 0; r < parts[part].length; r++) {
                        int p = parts[part][r];
                        for (int e = 0; e < z.k(); e++) {
                            int sl = slot[z.index(p, e)];
                            if (sl >= 0) x[part][sl][r] = z.value(p, e);
                        }
                    }
                }
                for (int f : chosen) slot[f] = -1;
                double bestVal = Double.POSITIVE_INFINITY;
                Logistic1D best = null;
                int bestIdx = 0;
                for (int i = 0; i < x[0].length; i++) {
                    Logistic1D fit = Logistic1D.fit(x[0][i], ys[0], cfg.probeL2());
                    double val = fit.logLoss(x[1][i], ys[1]);
                    if (val < bestVal || best == null) {
                        bestVal = val;
                        best = fit;
                        bestIdx = i;
                    }
                }
                perStream[s] = best.logLoss(x[2][bestIdx], ys[2]);
            }
            probed.add(c);
            losses.add(perStream);
        }
        int[] classes = probed.stream().mapToInt(Integer::intValue).toArray();
        double[][] table = new double[m][classes.length];
        double[] mean = new double[m];
        for (int s = 0; s < m; s++) {
            for (int i = 0; i < classes.length; i++) table[s][i] = losses.get(i)[s];
            mean[s] = classes.length == 0 ? Double.NaN : Arrays.stream(table[s]).average().orElse(Double.NaN);
        }
        return new OneDimProbe(List.copyOf(streams), classes, table, mean, Arrays.stream(mean).average().orElse(Double.NaN));
    }

    /**
     * The latents that fire on most of {@code trainPositives} (count > 0), at most {@code max}, by
     * count descending, then latent ascending. {@code count} is all 0 on entry and on return.
     */
    static int[] candidates(LatentCodes z, int[] trainPositives, int max, int[] count) {
        List<Integer> fired = new ArrayList<>();
        for (int p : trainPositives) {
            for (int e = 0; e < z.k(); e++) {
                if (z.value(p, e) != 0f && count[z.index(p, e)]++ == 0) fired.add(z.index(p, e));
            }
        }
        // order by count descending, then latent ascending, via one sortable long per latent
        long[] order = new long[fired.size()];
        for (int i = 0; i < order.length; i++) {
            int f = fired.get(i);
            order[i] = ((long) (Integer.MAX_VALUE - count[f]) << 32) | f;
            count[f] = 0;
        }
        Arrays.sort(order);
        int[] chosen = new int[Math.min(max, order.length)];
        for (int i = 0; i < chosen.length; i++) chosen[i] = (int) order[i];
        return chosen;
    }

    /**
     * One class's stratified parts: all positives plus as many seeded random negatives, each split
     * train / validation / test.
     *
     * @param positives  positives[part]: the positive positions of each part
     * @param rows       rows[part]: that part's positives, then its negatives
     * @param labels     labels[part][r]: whether rows[part][r] is a positive
     */
    record ClassParts(int[][] positives, int[][] rows, boolean[][] labels) {
        /** The parts of class c with the given positive positions, or null when a part lacks positives or negatives. */
        static ClassParts of(int c, int[] classPositives, int n, boolean[] taken, EvalConfig cfg) {
            int[] pos = classPositives.clone();
            int np = pos.length;
            SplittableRandom rng = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + c);
            int[] neg = sampleNegatives(pos, n, Math.min(np, n - np), taken, rng);
            shuffle(pos, rng);
            int[][] posParts = split(pos, cfg);
            int[][] negParts = split(neg, cfg);
            for (int part = 0; part < 3; part++)
                if (posParts[part].length == 0 || negParts[part].length == 0) return null;
            int[][] rows = new int[3][];
            boolean[][] ys = new boolean[3][];
            for (int part = 0; part < 3; part++) {
                rows[part] = concat(posParts[part], negParts[part]);
                ys[part] = new boolean[rows[part].length];
                Arrays.fill(ys[part], 0, posParts[part].length, true);
            }
            return new ClassParts(posParts, rows, ys);
        }
    }

    /** Train / validation / test parts of an already shuffled list, by rounded fractions. */
    static int[][] split(int[] shuffled, EvalConfig cfg) {
        int n = shuffled.length;
        int train = (int) Math.round(cfg.probeTrainFraction() * n);
        int val = Math.min(n - train, (int) Math.round(cfg.probeValFraction() * n));
        return new int[][] {
                Arrays.copyOfRange(shuffled, 0, train),
                Arrays.copyOfRange(shuffled, train, train + val),
                Arrays.copyOfRange(shuffled, train + val, n)};
    }

    /**
     * A uniform random sample (without replacement, in random order) of {@code count} positions in
     * [0, n) outside {@code pos}. Rejection sampling when negatives are plentiful, else enumeration
     * and a partial shuffle. {@code taken} is all false on entry and on return.
     */
    static int[] sampleNegatives(int[] pos, int n, int count, boolean[] taken, SplittableRandom rng) {
        int[] out = new int[count];
        for (int p : pos) taken[p] = true;
        if ((long) (n - pos.length) >= 4L * count) {
            for (int i = 0; i < count; i++) {
                int p;
                do p = rng.nextInt(n); while (taken[p]);
                taken[p] = true;
                out[i] = p;
            }
            for (int p : out) taken[p] = false;
        } else {
            int[] all = new int[n - pos.length];
            int m = 0;
            for (int p = 0; p < n; p++) if (!taken[p]) all[m++] = p;
            partialShuffle(all, count, rng);
            System.arraycopy(all, 0, out, 0, count);
        }
        for (int p : pos) taken[p] = false;
        return out;
    }

    /** Puts a uniform random sample of {@code count} elements, in random order, at the front of {@code a}. */
    static void partialShuffle(int[] a, int count, SplittableRandom rng) {
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
