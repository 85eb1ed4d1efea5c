package org.sparcj.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The geometry of the latents assigned to one concept (docs/METHOD.md, Metrics: decoder coherence).
 * Per stream, over the classes with at least two latents assigned in that stream: their mutual
 * coherence (the largest |cosine| between two of their decoder directions) and their mean pairwise
 * |cosine|, each averaged over classes; as the level to read them against, the mean |cosine| over
 * all pairs of assigned latents, whatever their classes.
 *
 * @param streams      stream names
 * @param classes      per stream, the classes with at least two latents
 * @param coherence    per stream, the mean over those classes of the largest pairwise |cosine| (NaN: none)
 * @param meanCosine   per stream, the mean over those classes of the mean pairwise |cosine| (NaN: none)
 * @param anyPair      per stream, the mean |cosine| over all pairs of assigned latents (NaN: fewer than 2)
 */
public record DecoderCoherence(List<String> streams, int[] classes, double[] coherence, double[] meanCosine,
                               double[] anyPair) {

    /**
     * @param directions directions[s][j]: unit decoder direction of latent j in stream s
     * @param concept    concept[s][j]: the class assigned to latent j in stream s, or -1
     */
    public static DecoderCoherence compute(List<String> streams, double[][][] directions, int[][] concept) {
        int m = streams.size();
        int[] classes = new int[m];
        double[] coherence = new double[m];
        double[] meanCos = new double[m];
        double[] anyPair = new double[m];
        for (int s = 0; s < m; s++) {
            Map<Integer, List<Integer>> byClass = new TreeMap<>();
            List<Integer> assigned = new ArrayList<>();
            for (int j = 0; j < concept[s].length; j++) {
                if (concept[s][j] < 0) continue;
                byClass.computeIfAbsent(concept[s][j], c -> new ArrayList<>()).add(j);
                assigned.add(j);
            }
            double sumMax = 0, sumMean = 0;
            int n = 0;
            for (List<Integer> latents : byClass.values()) {
                if (latents.size() < 2) continue;
                double[] pair = pairs(directions[s], latents);
                sumMax += pair[0];
                sumMean += pair[1];
                n++;
            }
            classes[s] = n;
            coherence[s] = n == 0 ? Double.NaN : sumMax / n;
            meanCos[s] = n == 0 ? Double.NaN : sumMean / n;
            anyPair[s] = assigned.size() < 2 ? Double.NaN : pairs(directions[s], assigned)[1];
        }
        return new DecoderCoherence(List.copyOf(streams), classes, coherence, meanCos, anyPair);
    }

    /** {largest, mean} |cosine| over the pairs of the given latents (at least two). */
    private static double[] pairs(double[][] dirs, List<Integer> latents) {
        double max = 0, sum = 0;
        long count = 0;
        for (int a = 0; a < latents.size(); a++) {
            for (int b = a + 1; b < latents.size(); b++) {
                double c = Math.abs(DecoderDirections.cosine(dirs[latents.get(a)], dirs[latents.get(b)]));
                max = Math.max(max, c);
                sum += c;
                count++;
            }
        }
        return new double[] {max, sum / count};
    }
}
