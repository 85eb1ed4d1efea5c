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
}
