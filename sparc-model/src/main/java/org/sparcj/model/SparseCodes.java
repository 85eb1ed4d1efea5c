package org.sparcj.model;

/**
 * Sparse latent codes of a batch: for row i, the k kept latents are
 * {@code indices[i*k .. i*k+k-1]} with activations {@code values[...]} (after ReLU, so a kept
 * latent may be exactly 0). Rows are ordered by descending pre-activation.
 */
public record SparseCodes(int rows, int k, int[] indices, float[] values) implements LatentCodes {
    public SparseCodes {
        if (indices.length != rows * k || values.length != rows * k)
            throw new IllegalArgumentException("SparseCodes: expected " + rows * k + " entries, got "
                    + indices.length + " indices and " + values.length + " values");
    }

    @Override
    public int index(int row, int j) { return indices[row * k + j]; }

    @Override
    public float value(int row, int j) { return values[row * k + j]; }

    /** Dense [rows x latentSize] copy; for tests and small analyses only. */
    public float[] toDense(int latentSize) {
        float[] out = new float[rows * latentSize];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < k; j++) out[i * latentSize + indices[i * k + j]] += values[i * k + j];
        return out;
    }
}
