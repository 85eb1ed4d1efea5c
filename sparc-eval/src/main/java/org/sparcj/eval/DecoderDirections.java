package org.sparcj.eval;

import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.SparseCodes;

/**
 * The decoder direction of every latent in every stream, read through the model's decode: row j of
 * W_dec_s is decode(s, e_j) - decode(s, 0), so any {@link SparseAutoencoder} serves. Rows are scaled
 * to unit length (a zero row stays zero), since only the directions are compared.
 */
public final class DecoderDirections {
    private DecoderDirections() {
    }

    /** directions[s][j]: the unit decoder direction of latent j in stream s. */
    public static double[][][] of(SparseAutoencoder model) {
        int l = model.latentSize();
        int m = model.streams().size();
        int k = model.k();
        // row j holds e_j in its first slot; row l is the zero code (the bias alone)
        int[] idx = new int[(l + 1) * k];
        float[] val = new float[(l + 1) * k];
        for (int j = 0; j < l; j++) {
            for (int e = 0; e < k; e++) idx[j * k + e] = (j + e + 1) % l;  // distinct indices, zero values
            idx[j * k] = j;
            val[j * k] = 1f;
        }
        for (int e = 0; e < k; e++) idx[l * k + e] = e % l;
        SparseCodes unit = new SparseCodes(l + 1, k, idx, val);
        double[][][] out = new double[m][l][];
        for (int s = 0; s < m; s++) {
            int d = model.streams().get(s).dim();
            float[] rec = model.decode(s, unit);
            for (int j = 0; j < l; j++) {
                double[] row = new double[d];
                double ss = 0;
                for (int i = 0; i < d; i++) {
                    row[i] = (double) rec[j * d + i] - rec[l * d + i];
                    ss += row[i] * row[i];
                }
                double norm = Math.sqrt(ss);
                if (norm > 0) for (int i = 0; i < d; i++) row[i] /= norm;
                out[s][j] = row;
            }
        }
        return out;
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
        return dot;
    }
}
