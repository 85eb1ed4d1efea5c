package org.sparcj.experiments.localise;

import org.sparcj.data.store.Manifest;
import org.sparcj.model.InputScaling;
import org.sparcj.model.StreamParameters;

/**
 * Each patch's contribution to a query's latents in one stream's encoder (docs/METHOD.md,
 * Localisation from patch features).
 * <ul>
 * <li>MEAN (the pooled feature is the mean x of the P patch tokens p_j): the encoder's logit of
 * latent l on x is h_l = W_l (x / (||x|| + eps) - b_pre) + b_lat_l, which splits exactly into
 * sum_j W_l p_j / (P (||x|| + eps)) plus the constant b_lat_l - W_l b_pre. A patch's heat is its
 * term, summed over the query's latents with their weights; heat plus {@link #constant} is the
 * weighted logit.</li>
 * <li>CLS (the pooled feature is a separate token): no exact split exists; a patch's heat is the
 * weighted logit the patch would get were it the pooled input, W_l (p_j / (||p_j|| + eps) - b_pre)
 * + b_lat_l. An approximation: it says where the latent's direction is, not what the CLS token
 * drew from.</li>
 * </ul>
 */
public final class PatchAttribution {
    private final StreamParameters stream;
    private final Manifest.Pooling pooling;
    private final int dim;

    public PatchAttribution(StreamParameters stream, Manifest.Pooling pooling) {
        this.stream = stream;
        this.pooling = pooling;
        this.dim = stream.preBias().length;
    }

    public Manifest.Pooling pooling() {
        return pooling;
    }

    /** The heat of each of the P patches in {@code tokens} ([P x d] row-major) for {@code query}. */
    public double[] heatmap(float[] tokens, LatentQuery query) {
        int patches = tokens.length / dim;
        double[] heat = new double[patches];
        double[] direction = direction(query);
        if (pooling == Manifest.Pooling.MEAN) {
            double[] mean = new double[dim];
            for (int j = 0; j < patches; j++) for (int c = 0; c < dim; c++) mean[c] += tokens[j * dim + c];
            double ss = 0;
            for (int c = 0; c < dim; c++) {
                mean[c] /= patches;
                ss += mean[c] * mean[c];
            }
            double scale = 1.0 / (patches * (Math.sqrt(ss) + InputScaling.EPS));
            for (int j = 0; j < patches; j++) heat[j] = dot(direction, tokens, j * dim) * scale;
        } else {
            double c = constant(query);
            for (int j = 0; j < patches; j++) {
                double ss = 0;
                for (int i = 0; i < dim; i++) ss += (double) tokens[j * dim + i] * tokens[j * dim + i];
                heat[j] = dot(direction, tokens, j * dim) / (Math.sqrt(ss) + InputScaling.EPS) + c;
            }
        }
        return heat;
    }

    /** sum_l w_l (b_lat_l - W_l b_pre): what the MEAN heatmap leaves out of the weighted logit. */
    public double constant(LatentQuery query) {
        double c = 0;
        float[] enc = stream.encoder();
        for (int q = 0; q < query.latents().length; q++) {
            int l = query.latents()[q];
            double wb = 0;
            for (int i = 0; i < dim; i++) wb += (double) enc[l * dim + i] * stream.preBias()[i];
            c += query.weights()[q] * (stream.latentBias()[l] - wb);
        }
        return c;
    }

    /** The weighted logit sum_l w_l h_l of the pooled feature {@code x} ([d]). */
    public double logit(float[] x, LatentQuery query) {
        double ss = 0;
        for (float v : x) ss += (double) v * v;
        return dot(direction(query), x, 0) / (Math.sqrt(ss) + InputScaling.EPS) + constant(query);
    }

    // sum_l w_l W_l, [d]
    private double[] direction(LatentQuery query) {
        double[] out = new double[dim];
        float[] enc = stream.encoder();
        for (int q = 0; q < query.latents().length; q++) {
            int l = query.latents()[q];
            for (int i = 0; i < dim; i++) out[i] += query.weights()[q] * enc[l * dim + i];
        }
        return out;
    }

    private double dot(double[] a, float[] b, int offset) {
        double s = 0;
        for (int i = 0; i < dim; i++) s += a[i] * b[offset + i];
        return s;
    }
}
