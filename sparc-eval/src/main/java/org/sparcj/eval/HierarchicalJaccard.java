package org.sparcj.eval;

import java.util.Arrays;
import org.sparcj.data.Taxonomy;

/**
 * Hierarchical generalized Jaccard (docs/METHOD.md, Metrics: hierarchical generalized Jaccard).
 * At depth D every class is lifted to its own ancestor at depth D (depth 0 = the root, where everything collapses; a class shallower than
 * D stays itself) and its counts are summed there. For latent j, GJ(p, q) = sum_c min / sum_c max
 * is averaged over all pairs of streams in which j is active (counted on at least one sample); a
 * latent active in fewer than 2 streams scores 0 and still counts in the mean over all L latents.
 *
 * @param perDepth  mean GJ over all L latents, for D = 0..maxDepth
 * @param mean      mean of perDepth
 * @param perLatent each latent's GJ averaged over the depths (what the latent atlas shows)
 */
public record HierarchicalJaccard(double[] perDepth, double mean, double[] perLatent) {

    public static HierarchicalJaccard compute(ClassCounts counts, Taxonomy taxonomy) {
        int maxDepth = taxonomy.maxDepth();
        int m = counts.streams();
        int l = counts.latents();
        double[] perDepth = new double[maxDepth + 1];
        double[] perLatent = new double[l];
        int[][] lift = new int[maxDepth + 1][];
        for (int d = 0; d <= maxDepth; d++) {
            lift[d] = new int[taxonomy.size()];
            for (int c = 0; c < taxonomy.size(); c++) lift[d][c] = taxonomy.ancestorAtDepth(c, d);
        }
        // dense per-stream scratch counts over taxonomy nodes, cleared through the touched lists
        int[][] lifted = new int[m][taxonomy.size()];
        int[][] touched = new int[m][taxonomy.size()];
        int[] nTouched = new int[m];
        for (int j = 0; j < l; j++) {
            int[] active = new int[m];
            int na = 0;
            for (int s = 0; s < m; s++) if (counts.active(s, j)) active[na++] = s;
            if (na < 2) continue;
            int[][] classes = new int[na][];
            int[][] raw = new int[na][];
            long[] totals = new long[na];
            for (int a = 0; a < na; a++) {
                classes[a] = counts.classes(active[a], j);
                raw[a] = new int[classes[a].length];
                for (int i = 0; i < classes[a].length; i++) {
                    int c = classes[a][i];
                    if (c >= taxonomy.size())
                        throw new IllegalArgumentException("hierarchical Jaccard: class index " + c
                                + " is not in the taxonomy (size " + taxonomy.size() + ")");
                    raw[a][i] = counts.get(active[a], j, c);
                    totals[a] += raw[a][i];
                }
            }
            for (int d = 0; d <= maxDepth; d++) {
                for (int a = 0; a < na; a++) {
                    nTouched[a] = 0;
                    for (int i = 0; i < classes[a].length; i++) {
                        int node = lift[d][classes[a][i]];
                        if (lifted[a][node] == 0) touched[a][nTouched[a]++] = node;
                        lifted[a][node] += raw[a][i];
                    }
                }
                double sum = 0;
                int pairs = 0;
                for (int a = 0; a < na; a++) {
                    for (int b = a + 1; b < na; b++) {
                        long sumMin = 0;
                        for (int i = 0; i < nTouched[a]; i++) {
                            int node = touched[a][i];
                            sumMin += Math.min(lifted[a][node], lifted[b][node]);
                        }
                        long sumMax = totals[a] + totals[b] - sumMin; // max(x, y) = x + y - min(x, y)
                        sum += (double) sumMin / sumMax;
                        pairs++;
                    }
                }
                for (int a = 0; a < na; a++) for (int i = 0; i < nTouched[a]; i++) lifted[a][touched[a][i]] = 0;
                perDepth[d] += sum / pairs;
                perLatent[j] += sum / pairs / (maxDepth + 1);
            }
        }
        for (int d = 0; d <= maxDepth; d++) perDepth[d] /= l;
        return new HierarchicalJaccard(perDepth, Arrays.stream(perDepth).average().orElse(0), perLatent);
    }
}
