package org.sparcj.eval;

import java.util.Arrays;

/**
 * The assignment problem on a square cost matrix, by the Hungarian method in its O(n^3) form
 * (shortest augmenting paths with row and column potentials). Maven Central has no well-kept Java
 * implementation (Commons Math has none), so this compact one is ours, tested against brute force.
 */
final class Hungarian {
    private Hungarian() {
    }

    /** match[i]: the column assigned to row i, minimising the total cost. */
    static int[] minimise(double[][] cost) {
        int n = cost.length;
        for (double[] row : cost)
            if (row.length != n) throw new IllegalArgumentException("assignment: cost matrix is not square (" + n + " rows)");
        // 1-based with a virtual column 0, the classic layout of the potentials formulation
        double[] u = new double[n + 1], v = new double[n + 1];
        int[] rowOf = new int[n + 1];  // rowOf[col]: the row matched to col (0: none)
        int[] way = new int[n + 1];
        double[] minv = new double[n + 1];
        boolean[] used = new boolean[n + 1];
        for (int i = 1; i <= n; i++) {
            rowOf[0] = i;
            int col = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[col] = true;
                int row = rowOf[col];
                double delta = Double.POSITIVE_INFINITY;
                int next = 0;
                for (int j = 1; j <= n; j++) {
                    if (used[j]) continue;
                    double reduced = cost[row - 1][j - 1] - u[row] - v[j];
                    if (reduced < minv[j]) {
                        minv[j] = reduced;
                        way[j] = col;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        next = j;
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[rowOf[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                col = next;
            } while (rowOf[col] != 0);
            do {  // flip the augmenting path
                int prev = way[col];
                rowOf[col] = rowOf[prev];
                col = prev;
            } while (col != 0);
        }
        int[] match = new int[n];
        for (int j = 1; j <= n; j++) match[rowOf[j] - 1] = j - 1;
        return match;
    }
}
