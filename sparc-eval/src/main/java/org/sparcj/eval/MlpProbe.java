package org.sparcj.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.sparcj.model.SparseCodes;

/**
 * The classification probe (docs/METHOD.md, Metrics: MLP probe): an MLP input -> H -> ReLU -> dropout 0.3 -> H ->
 * ReLU -> dropout 0.2 -> classes, trained with BCE-with-logits and a per-class positive weight
 * n_neg / n_pos clamped to [0.1, 10], Adam, on a seeded random 80/20 split; reported: test mAP
 * (macro over classes with a positive in the test part). Plain Java, single-threaded, seeded:
 * same inputs and seed, same numbers. Inputs are stored sparsely so latent codes (k of L) cost k
 * per row in the first layer.
 *
 * @param meanAveragePrecision  input name (e.g. "raw.dino", "cross.dino_to_clip_txt") -> test mAP
 */
public record MlpProbe(Map<String, Double> meanAveragePrecision) {

    /**
     * Rows of an input in compressed sparse row form: row r's entries are start[r] .. start[r+1]-1,
     * with columns index[e], or, when index is null (dense rows), column e - start[r].
     */
    public record Features(int rows, int dim, int[] start, int[] index, float[] value) {
        public static Features dense(float[] x, int rows, int dim) {
            int[] start = new int[rows + 1];
            for (int i = 0; i < rows; i++) start[i + 1] = (i + 1) * dim;
            return new Features(rows, dim, start, null, Arrays.copyOf(x, rows * dim));
        }

        int column(int row, int entry) {
            return index == null ? entry - start[row] : index[entry];
        }

        public static Features sparse(SparseCodes codes, int latentSize) {
            int[] start = new int[codes.rows() + 1];
            List<Integer> idx = new ArrayList<>();
            List<Float> val = new ArrayList<>();
            for (int i = 0; i < codes.rows(); i++) {
                for (int e = 0; e < codes.k(); e++) {
                    if (codes.value(i, e) == 0f) continue;
                    idx.add(codes.index(i, e));
                    val.add(codes.value(i, e));
                }
                start[i + 1] = idx.size();
            }
            float[] v = new float[val.size()];
            for (int i = 0; i < v.length; i++) v[i] = val.get(i);
            return new Features(codes.rows(), latentSize, start, idx.stream().mapToInt(Integer::intValue).toArray(), v);
        }
    }

    /**
     * @param inputs  name -> features, all with the same rows
     * @param labels  labels[row]: class indices of that row (any ints >= 0)
     */
    public static MlpProbe compute(Map<String, Features> inputs, int[][] labels, EvalConfig cfg) {
        int n = labels.length;
        TreeSet<Integer> present = new TreeSet<>();
        for (int[] ls : labels) for (int c : ls) present.add(c);
        int[] classes = present.stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, Integer> column = new LinkedHashMap<>();
        for (int i = 0; i < classes.length; i++) column.put(classes[i], i);
        boolean[][] y = new boolean[n][classes.length];
        for (int r = 0; r < n; r++) for (int c : labels[r]) y[r][column.get(c)] = true;

        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        OneDimProbe.shuffle(perm, new SplittableRandom(cfg.seed()));
        int nTest = (int) Math.round(cfg.mlpTestFraction() * n);
        int[] test = Arrays.copyOfRange(perm, 0, nTest);
        int[] train = Arrays.copyOfRange(perm, nTest, n);
        Map<String, Double> out = new LinkedHashMap<>();
        if (classes.length == 0 || train.length == 0 || test.length == 0) return new MlpProbe(Collections.unmodifiableMap(out));
        for (Map.Entry<String, Features> e : inputs.entrySet()) {
            Features f = e.getValue();
            if (f.rows() != n) throw new IllegalArgumentException("MLP probe: input '" + e.getKey() + "' has "
                    + f.rows() + " rows, labels have " + n);
            Mlp net = new Mlp(f.dim(), cfg.mlpHidden(), classes.length, new SplittableRandom(cfg.seed() + 7));
            net.train(f, y, train, cfg);
            float[][] scores = net.predict(f, test);
            boolean[][] truth = new boolean[test.length][];
            for (int i = 0; i < test.length; i++) truth[i] = y[test[i]];
            out.put(e.getKey(), meanAveragePrecision(scores, truth));
        }
        return new MlpProbe(Collections.unmodifiableMap(out));
    }

    /** Macro mean of {@link #averagePrecision} over the columns with at least one positive; NaN if none. */
    public static double meanAveragePrecision(float[][] scores, boolean[][] truth) {
        if (scores.length == 0) return Double.NaN;
        int c = scores[0].length;
        double sum = 0;
        int used = 0;
        for (int j = 0; j < c; j++) {
            double[] s = new double[scores.length];
            boolean[] t = new boolean[scores.length];
            boolean any = false;
            for (int i = 0; i < scores.length; i++) {
                s[i] = scores[i][j];
                t[i] = truth[i][j];
                any |= t[i];
            }
            if (!any) continue;
            sum += averagePrecision(s, t);
            used++;
        }
        return used == 0 ? Double.NaN : sum / used;
    }

    /**
     * Average precision as scikit-learn defines it: sum over distinct score thresholds (descending)
     * of (recall gained at the threshold) x (precision at the threshold); tied scores form one threshold.
     */
    public static double averagePrecision(double[] scores, boolean[] truth) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int positives = 0;
        for (boolean t : truth) if (t) positives++;
        if (positives == 0) return Double.NaN;
        double ap = 0;
        int tp = 0;
        int seen = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            int gained = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                if (truth[order[j]]) gained++;
                j++;
            }
            tp += gained;
            seen = j;
            if (gained > 0) ap += ((double) gained / positives) * ((double) tp / seen);
            i = j;
        }
        return ap;
    }

    /** The two-hidden-layer network and its Adam state. */
    private static final class Mlp {
        private final int in, hidden, out;
        private final float[][] w;   // w1 [in x h], w2 [h x h], w3 [h x out], row-major
        private final float[][] b;
        private final float[][] mw, vw, mb, vb;
        private final SplittableRandom rng;
        private long step;

        Mlp(int in, int hidden, int out, SplittableRandom rng) {
            this.in = in;
            this.hidden = hidden;
            this.out = out;
            this.rng = rng;
            int[][] shapes = {{in, hidden}, {hidden, hidden}, {hidden, out}};
            w = new float[3][];
            b = new float[3][];
            mw = new float[3][]; vw = new float[3][]; mb = new float[3][]; vb = new float[3][];
            for (int l = 0; l < 3; l++) {
                // PyTorch's nn.Linear default: weights and biases uniform in +-1/sqrt(fan_in)
                double bound = 1 / Math.sqrt(shapes[l][0]);
                w[l] = new float[shapes[l][0] * shapes[l][1]];
                b[l] = new float[shapes[l][1]];
                for (int i = 0; i < w[l].length; i++) w[l][i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                for (int i = 0; i < b[l].length; i++) b[l][i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                mw[l] = new float[w[l].length]; vw[l] = new float[w[l].length];
                mb[l] = new float[b[l].length]; vb[l] = new float[b[l].length];
            }
        }

        void train(Features f, boolean[][] y, int[] trainRows, EvalConfig cfg) {
            float[] posWeight = new float[out];
            for (int c = 0; c < out; c++) {
                int pos = 0;
                for (int r : trainRows) if (y[r][c]) pos++;
                double ratio = pos == 0 ? 10 : (double) (trainRows.length - pos) / pos;
                posWeight[c] = (float) Math.max(0.1, Math.min(10, ratio));
            }
            int[] order = trainRows.clone();
            int bs = cfg.mlpBatchSize();
            for (int epoch = 0; epoch < cfg.mlpEpochs(); epoch++) {
                OneDimProbe.shuffle(order, rng);
                for (int b0 = 0; b0 < order.length; b0 += bs) {
                    int[] batch = Arrays.copyOfRange(order, b0, Math.min(order.length, b0 + bs));
                    step(f, y, batch, posWeight, cfg.mlpLearningRate());
                }
            }
        }

        private void step(Features f, boolean[][] y, int[] batch, float[] posWeight, double lr) {
            int nb = batch.length;
            float[] h1 = new float[nb * hidden], h2 = new float[nb * hidden], o = new float[nb * out];
            forward(f, batch, h1, h2, o, true);
            // dL/do for the mean over batch and classes of the weighted BCE
            float[] go = new float[nb * out];
            float scale = 1f / (nb * out);
            for (int i = 0; i < nb; i++) {
                for (int c = 0; c < out; c++) {
                    double p = 1 / (1 + Math.exp(-o[i * out + c]));
                    double g = y[batch[i]][c] ? posWeight[c] * (p - 1) : p;
                    go[i * out + c] = (float) g * scale;
                }
            }
            float[][] gw = {new float[w[0].length], new float[w[1].length], new float[w[2].length]};
            float[][] gb = {new float[hidden], new float[hidden], new float[out]};
            float[] g2 = new float[nb * hidden];
            denseBackward(h2, go, w[2], gw[2], gb[2], g2, nb, hidden, out);
            // ReLU and dropped units pass no gradient; kept units pass it scaled like their value
            for (int i = 0; i < g2.length; i++) g2[i] = h2[i] == 0f ? 0f : g2[i] / (1 - 0.2f);
            float[] g1 = new float[nb * hidden];
            denseBackward(h1, g2, w[1], gw[1], gb[1], g1, nb, hidden, hidden);
            for (int i = 0; i < g1.length; i++) g1[i] = h1[i] == 0f ? 0f : g1[i] / (1 - 0.3f);
            float[] gw0 = gw[0], gb0 = gb[0];   // locals so the JIT vectorises the inner loops
            float[] values = f.value();
            int[] start = f.start();
            for (int i = 0; i < nb; i++) {
                int r = batch[i];
                int gi = i * hidden;
                for (int e = start[r]; e < start[r + 1]; e++) {
                    float v = values[e];
                    if (v == 0f) continue;
                    int row = f.column(r, e) * hidden;
                    for (int h = 0; h < hidden; h++) gw0[row + h] += v * g1[gi + h];
                }
                for (int h = 0; h < hidden; h++) gb0[h] += g1[gi + h];
            }
            step++;
            for (int l = 0; l < 3; l++) {
                adam(w[l], gw[l], mw[l], vw[l], lr);
                adam(b[l], gb[l], mb[l], vb[l], lr);
            }
        }

        /**
         * Given layer input a [nb x n_in] (post-ReLU) and output gradient g [nb x n_out]: weight and bias
         * gradients, and the input gradient where the input was non-zero (0 elsewhere, as ReLU passes none).
         */
        private static void denseBackward(float[] a, float[] g, float[] wl, float[] gwl, float[] gbl, float[] ga,
                                          int nb, int nIn, int nOut) {
            for (int i = 0; i < nb; i++) {
                int go = i * nOut;
                for (int k = 0; k < nIn; k++) {
                    int row = k * nOut;
                    float av = a[i * nIn + k];
                    // a unit that was 0 (ReLU or dropout) passes no gradient further: skip it
                    if (av == 0f) {
                        ga[i * nIn + k] = 0f;
                        continue;
                    }
                    // input gradient: dot of the weight row with the output gradient (4 partial sums)
                    float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                    int c = 0;
                    for (; c + 3 < nOut; c += 4) {
                        a0 += wl[row + c] * g[go + c];
                        a1 += wl[row + c + 1] * g[go + c + 1];
                        a2 += wl[row + c + 2] * g[go + c + 2];
                        a3 += wl[row + c + 3] * g[go + c + 3];
                    }
                    for (; c < nOut; c++) a0 += wl[row + c] * g[go + c];
                    ga[i * nIn + k] = (a0 + a1) + (a2 + a3);
                    for (c = 0; c < nOut; c++) gwl[row + c] += av * g[go + c];   // weight gradient: an axpy
                }
                for (int c = 0; c < nOut; c++) gbl[c] += g[go + c];
            }
        }

        private void adam(float[] p, float[] g, float[] m1, float[] m2, double lr) {
            float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
            // bias corrections folded into the step size and epsilon, all in float so the loop vectorises
            double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
            float stepSize = (float) (lr * Math.sqrt(c2) / c1);
            float epsHat = (float) (eps * Math.sqrt(c2));
            for (int i = 0; i < p.length; i++) {
                float gi = g[i];
                float mi = b1 * m1[i] + (1 - b1) * gi;
                float vi = b2 * m2[i] + (1 - b2) * gi * gi;
                m1[i] = mi;
                m2[i] = vi;
                p[i] -= stepSize * mi / ((float) Math.sqrt(vi) + epsHat);
            }
        }

        /** Forward pass; with {@code dropout} the hidden activations are dropped (0.3, then 0.2) and rescaled. */
        private void forward(Features f, int[] rows, float[] h1, float[] h2, float[] o, boolean dropout) {
            int nb = rows.length;
            float[] w0 = w[0];
            float[] values = f.value();
            int[] start = f.start();
            for (int i = 0; i < nb; i++) {
                int r = rows[i];
                int hi = i * hidden;
                System.arraycopy(b[0], 0, h1, hi, hidden);
                for (int e = start[r]; e < start[r + 1]; e++) {
                    float v = values[e];
                    if (v == 0f) continue;
                    int row = f.column(r, e) * hidden;
                    for (int h = 0; h < hidden; h++) h1[hi + h] += v * w0[row + h];
                }
            }
            activate(h1, dropout ? 0.3 : 0);
            dense(h1, w[1], b[1], h2, nb, hidden, hidden);
            activate(h2, dropout ? 0.2 : 0);
            dense(h2, w[2], b[2], o, nb, hidden, out);
        }

        private void activate(float[] h, double drop) {
            float keepScale = (float) (1 / (1 - drop));
            for (int i = 0; i < h.length; i++) {
                if (h[i] <= 0f) h[i] = 0f;
                else if (drop > 0) h[i] = rng.nextDouble() < drop ? 0f : h[i] * keepScale;
            }
        }

        private static void dense(float[] a, float[] wl, float[] bl, float[] z, int nb, int nIn, int nOut) {
            for (int i = 0; i < nb; i++) {
                System.arraycopy(bl, 0, z, i * nOut, nOut);
                for (int k = 0; k < nIn; k++) {
                    float av = a[i * nIn + k];
                    if (av == 0f) continue;
                    int row = k * nOut;
                    for (int c = 0; c < nOut; c++) z[i * nOut + c] += av * wl[row + c];
                }
            }
        }

        float[][] predict(Features f, int[] rows) {
            float[][] scores = new float[rows.length][out];
            int bs = 256;
            for (int b0 = 0; b0 < rows.length; b0 += bs) {
                int[] batch = Arrays.copyOfRange(rows, b0, Math.min(rows.length, b0 + bs));
                int nb = batch.length;
                float[] h1 = new float[nb * hidden], h2 = new float[nb * hidden], o = new float[nb * out];
                forward(f, batch, h1, h2, o, false);
                for (int i = 0; i < nb; i++) System.arraycopy(o, i * out, scores[b0 + i], 0, out);
            }
            return scores;
        }
    }
}
