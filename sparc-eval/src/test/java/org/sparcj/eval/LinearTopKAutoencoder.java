package org.sparcj.eval;

import java.util.Arrays;
import java.util.List;
import org.sparcj.data.StreamInfo;
import org.sparcj.model.InputScaling;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.SparseCodes;
import org.sparcj.model.TopKMode;

/**
 * A plain-Java SPARC forward pass with fixed weights (docs/METHOD.md, Encoder; Selection: Local and
 * Global TopK), a simple reference implementation of {@link SparseAutoencoder} for tests: h_s = (x_s - b_pre_s) W_enc_s + b_lat_s
 * on unit-norm inputs; LOCAL: top k of h_s; GLOBAL: top k of sum_s h_s; ReLU after selection;
 * decode z W_dec_t + b_pre_t. Ties in the selection go to the lower latent index.
 */
final class LinearTopKAutoencoder implements SparseAutoencoder {
    private final List<StreamInfo> streams;
    private final int latents;
    private final int k;
    private final TopKMode mode;
    private final float[][] enc;   // [s][d x L]
    private final float[][] latBias;
    private final float[][] dec;   // [s][L x d]
    private final float[][] preBias;

    LinearTopKAutoencoder(List<StreamInfo> streams, int latents, int k, TopKMode mode,
                          float[][] enc, float[][] latBias, float[][] dec, float[][] preBias) {
        this.streams = List.copyOf(streams);
        this.latents = latents;
        this.k = k;
        this.mode = mode;
        this.enc = enc;
        this.latBias = latBias;
        this.dec = dec;
        this.preBias = preBias;
    }

    /** Random encoder (seeded, uniform +-1/sqrt(d)), decoder = its transpose with unit-norm rows, zero biases. */
    static LinearTopKAutoencoder random(List<StreamInfo> streams, int latents, int k, TopKMode mode, long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        int m = streams.size();
        float[][] enc = new float[m][], dec = new float[m][], lat = new float[m][], pre = new float[m][];
        for (int s = 0; s < m; s++) {
            int d = streams.get(s).dim();
            enc[s] = new float[d * latents];
            double bound = 1 / Math.sqrt(d);
            for (int i = 0; i < enc[s].length; i++) enc[s][i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            dec[s] = transposeUnitRows(enc[s], d, latents);
            lat[s] = new float[latents];
            pre[s] = new float[d];
        }
        return new LinearTopKAutoencoder(streams, latents, k, mode, enc, lat, dec, pre);
    }

    static float[] transposeUnitRows(float[] encoder, int d, int latents) {
        float[] out = new float[latents * d];
        for (int j = 0; j < latents; j++) {
            double ss = 0;
            for (int i = 0; i < d; i++) ss += (double) encoder[i * latents + j] * encoder[i * latents + j];
            double inv = ss == 0 ? 0 : 1 / Math.sqrt(ss);
            for (int i = 0; i < d; i++) out[j * d + i] = (float) (encoder[i * latents + j] * inv);
        }
        return out;
    }

    @Override public List<StreamInfo> streams() { return streams; }
    @Override public int latentSize() { return latents; }
    @Override public int k() { return k; }

    private double[] logits(int s, float[] raw, int rows) {
        int d = streams.get(s).dim();
        float[] x = InputScaling.unitNorm(raw, rows, d);
        double[] h = new double[rows * latents];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < latents; j++) {
                double acc = latBias[s][j];
                for (int i = 0; i < d; i++) acc += (x[r * d + i] - preBias[s][i]) * enc[s][i * latents + j];
                h[r * latents + j] = acc;
            }
        }
        return h;
    }

    private int[] topK(double[] scores, int row) {
        Integer[] order = new Integer[latents];
        for (int j = 0; j < latents; j++) order[j] = j;
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(scores[row * latents + b], scores[row * latents + a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = order[i];
        return out;
    }

    private SparseCodes select(double[] h, double[] selectBy, int rows) {
        int[] idx = new int[rows * k];
        float[] val = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            int[] top = topK(selectBy, r);
            for (int e = 0; e < k; e++) {
                idx[r * k + e] = top[e];
                val[r * k + e] = (float) Math.max(0, h[r * latents + top[e]]);  // ReLU after selection
            }
        }
        return new SparseCodes(rows, k, idx, val);
    }

    @Override
    public SparseCodes encode(int stream, float[] x, int rows) {
        double[] h = logits(stream, x, rows);
        return select(h, h, rows);
    }

    @Override
    public SparseCodes[] encodeJoint(float[][] xs, int rows) {
        int m = streams.size();
        double[][] h = new double[m][];
        for (int s = 0; s < m; s++) h[s] = logits(s, xs[s], rows);
        SparseCodes[] out = new SparseCodes[m];
        if (mode == TopKMode.LOCAL) {
            for (int s = 0; s < m; s++) out[s] = select(h[s], h[s], rows);
            return out;
        }
        double[] sum = new double[rows * latents];
        for (int s = 0; s < m; s++) for (int i = 0; i < sum.length; i++) sum[i] += h[s][i];
        for (int s = 0; s < m; s++) out[s] = select(h[s], sum, rows);
        return out;
    }

    @Override
    public float[] decode(int target, SparseCodes codes) {
        int d = streams.get(target).dim();
        float[] out = new float[codes.rows() * d];
        for (int r = 0; r < codes.rows(); r++) {
            for (int i = 0; i < d; i++) out[r * d + i] = preBias[target][i];
            for (int e = 0; e < codes.k(); e++) {
                float v = codes.value(r, e);
                int j = codes.index(r, e);
                for (int i = 0; i < d; i++) out[r * d + i] += v * dec[target][j * d + i];
            }
        }
        return out;
    }

    /** A copy whose stream {@code to} has stream {@code from}'s weights (same widths required). */
    LinearTopKAutoencoder withStreamCopied(int from, int to) {
        float[][] e = enc.clone(), l = latBias.clone(), d = dec.clone(), p = preBias.clone();
        e[to] = enc[from].clone();
        l[to] = latBias[from].clone();
        d[to] = dec[from].clone();
        p[to] = preBias[from].clone();
        return new LinearTopKAutoencoder(streams, latents, k, mode, e, l, d, p);
    }
}
