package org.sparcj.eval;

import java.util.Arrays;

/** How unevenly a quantity spreads over classes (docs/METHOD.md, Metrics: concept concentration). */
final class Concentration {
    private Concentration() {
    }

    /**
     * The Gini coefficient of non-negative values: 0 when all are equal, (n - 1) / n when one holds
     * everything; NaN when there are none or all are 0.
     */
    static double gini(double[] values) {
        double[] x = values.clone();
        Arrays.sort(x);
        int n = x.length;
        double sum = 0, weighted = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
            weighted += (i + 1) * x[i];
        }
        if (n == 0 || sum == 0) return Double.NaN;
        return 2 * weighted / (n * sum) - (n + 1.0) / n;
    }

    /** Spearman's rank correlation (ties: average ranks); NaN when fewer than 2 values or a constant one. */
    static double spearman(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("spearman: " + a.length + " vs " + b.length + " values");
        if (a.length < 2) return Double.NaN;
        return pearson(ranks(a), ranks(b));
    }

    static double[] ranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> Double.compare(x[i], x[j]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) r[order[t]] = avg;
            i = j + 1;
        }
        return r;
    }

    private static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = Arrays.stream(a).average().orElse(0), mb = Arrays.stream(b).average().orElse(0);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }
}
