package org.sparcj.model;

/**
 * Rows of sparse latent codes, read entry by entry: row i keeps k latents, {@code index(i, j)} with
 * activation {@code value(i, j)} for j in [0, k). {@link SparseCodes} holds them in arrays on the heap;
 * the evaluation keeps codes of a whole analysis set in memory-mapped files behind this view, so that
 * the metrics read both the same way.
 */
public interface LatentCodes {
    int rows();

    int k();

    int index(int row, int j);

    float value(int row, int j);

    /** Rows [from, from + count) as arrays on the heap (a model decodes those; a view may be a mapped file). */
    default SparseCodes copyRows(int from, int count) {
        int k = k();
        int[] idx = new int[count * k];
        float[] val = new float[count * k];
        for (int i = 0; i < count; i++)
            for (int e = 0; e < k; e++) {
                idx[i * k + e] = index(from + i, e);
                val[i * k + e] = value(from + i, e);
            }
        return new SparseCodes(count, k, idx, val);
    }
}
