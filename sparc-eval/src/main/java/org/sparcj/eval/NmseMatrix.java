package org.sparcj.eval;

import java.util.List;

/**
 * The M x M reconstruction matrix: nmse[s][t] = mean over samples of
 * sum_d (xhat_{s->t} - x_t)^2 / sum_d x_t^2, with x_t the unit-norm input (the model's space).
 * Self on the diagonal, cross off it. Samples whose target is all zero are skipped (their NMSE is
 * undefined) and counted in {@code skippedRows}.
 *
 * @param streams      stream names
 * @param nmse         [M][M]
 * @param selfMean     mean of the diagonal
 * @param crossMean    mean off the diagonal (NaN with one stream)
 * @param skippedRows  per target stream, samples skipped for a zero target
 */
public record NmseMatrix(List<String> streams, double[][] nmse, double selfMean, double crossMean, long[] skippedRows) {

    /** Streams (xhat, x) pairs in batches and sums the per-sample NMSE. */
    public static final class Accumulator {
        private final List<String> streams;
        private final int[] dims;
        private final double[][] sum;
        private final long[][] count;
        private final long[] skipped;

        public Accumulator(List<String> streams, int[] dims) {
            this.streams = List.copyOf(streams);
            this.dims = dims.clone();
            int m = dims.length;
            sum = new double[m][m];
            count = new long[m][m];
            skipped = new long[m];
        }

        /** @param recon xhat_{source->target} [rows x dim(target)]; @param target x_target [rows x dim(target)] */
        public void add(int source, int target, float[] recon, float[] targetX, int rows) {
            int d = dims[target];
            for (int i = 0; i < rows; i++) {
                double err = 0, ref = 0;
                for (int j = 0; j < d; j++) {
                    double x = targetX[i * d + j];
                    double diff = recon[i * d + j] - x;
                    err += diff * diff;
                    ref += x * x;
                }
                if (ref == 0) {
                    if (source == target) skipped[target]++;
                    continue;
                }
                sum[source][target] += err / ref;
                count[source][target]++;
            }
        }

        public NmseMatrix result() {
            int m = dims.length;
            double[][] out = new double[m][m];
            double self = 0, cross = 0;
            for (int s = 0; s < m; s++) {
                for (int t = 0; t < m; t++) {
                    out[s][t] = count[s][t] == 0 ? Double.NaN : sum[s][t] / count[s][t];
                    if (s == t) self += out[s][t];
                    else cross += out[s][t];
                }
            }
            return new NmseMatrix(streams, out, self / m, m > 1 ? cross / (m * (m - 1)) : Double.NaN, skipped.clone());
        }
    }
}
