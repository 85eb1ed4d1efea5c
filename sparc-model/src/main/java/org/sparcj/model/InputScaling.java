package org.sparcj.model;

/** SPARC's only input preprocessing: every row scaled to unit L2 norm, x / (||x|| + 1e-8). */
public final class InputScaling {
    public static final double EPS = 1e-8;

    private InputScaling() {
    }

    /** Returns a scaled copy of {@code x} [rows x dim]. */
    public static float[] unitNorm(float[] x, int rows, int dim) {
        float[] out = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            double ss = 0;
            for (int j = 0; j < dim; j++) ss += (double) x[r * dim + j] * x[r * dim + j];
            double scale = 1.0 / (Math.sqrt(ss) + EPS);
            for (int j = 0; j < dim; j++) out[r * dim + j] = (float) (x[r * dim + j] * scale);
        }
        return out;
    }
}
