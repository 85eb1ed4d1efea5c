package org.sparcj.eval;

import java.util.Arrays;

/**
 * Retrieval quality from the rank of each query's true partner (1 = best).
 *
 * @param queries     number of queries (= gallery size)
 * @param rAt1        fraction of queries whose partner ranks 1
 * @param rAt5        ... within the top 5
 * @param rAt10       ... within the top 10
 * @param mrr         mean of 1 / rank
 * @param medianRank  median rank (mean of the two middle ranks for an even count)
 */
public record RankStats(int queries, double rAt1, double rAt5, double rAt10, double mrr, double medianRank) {

    public static RankStats of(int[] ranks) {
        if (ranks.length == 0) throw new IllegalArgumentException("rank stats: no queries");
        int r1 = 0, r5 = 0, r10 = 0;
        double rr = 0;
        for (int r : ranks) {
            if (r < 1) throw new IllegalArgumentException("rank stats: rank " + r + " < 1");
            if (r <= 1) r1++;
            if (r <= 5) r5++;
            if (r <= 10) r10++;
            rr += 1.0 / r;
        }
        int[] sorted = ranks.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return new RankStats(n, (double) r1 / n, (double) r5 / n, (double) r10 / n, rr / n, median);
    }
}
