package org.sparcj.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Concept assignment by purity (docs/METHOD.md, Metrics: concept assignment). Per latent and stream: take the (at most) N
 * samples with the highest activation among those where the latent fires; the dominant class is
 * the one carried by most of them (ties: the lowest class index); purity = samples carrying it /
 * samples taken (an unlabelled sample counts as taken, carrying nothing); assigned when purity >=
 * the threshold, else none (-1).
 *
 * @param streams               stream names
 * @param concept               concept[s][j]: assigned class of latent j in stream s, or -1
 * @param purity                purity[s][j]: purity of the dominant class (0 when the latent never fires)
 * @param assignedFraction      per stream, assigned latents / L
 * @param latentsPerConcept     per stream, class -> number of latents assigned to it
 * @param maxLatentsPerConcept  the largest number of latents one class takes in one stream
 * @param agreeingLatents       latents assigned in every stream, to the same class in all of them
 * @param agreeing              those latents' indices, ascending
 */
public record ConceptAssignment(List<String> streams, int[][] concept, double[][] purity, double[] assignedFraction,
                                List<Map<Integer, Integer>> latentsPerConcept, int maxLatentsPerConcept,
                                int agreeingLatents, int[] agreeing) {

    /**
     * @param top        the top-activation samples per stream and latent (its capacity is N)
     * @param labelsAt   labelsAt[position]: distinct class indices of the sample at that position
     * @param threshold  purity threshold
     */
    public static ConceptAssignment compute(List<String> streams, TopActivations top, int[][] labelsAt, double threshold) {
        int m = top.streams();
        int l = top.latents();
        if (streams.size() != m)
            throw new IllegalArgumentException("concept assignment: " + streams.size() + " names for " + m + " streams");
        int[][] concept = new int[m][l];
        double[][] purity = new double[m][l];
        double[] assignedFraction = new double[m];
        List<Map<Integer, Integer>> perConcept = new ArrayList<>();
        int maxPer = 0;
        int maxClass = -1;
        for (int[] ls : labelsAt) for (int c : ls) maxClass = Math.max(maxClass, c);
        int[] carried = new int[maxClass + 1];  // scratch: samples carrying each class, cleared after use
        for (int s = 0; s < m; s++) {
            Map<Integer, Integer> counts = new TreeMap<>();
            int assigned = 0;
            for (int j = 0; j < l; j++) {
                int[] taken = top.members(s, j);
                concept[s][j] = -1;
                if (taken.length == 0) continue;
                int best = -1, bestCount = 0;
                for (int p : taken) {
                    for (int c : labelsAt[p]) {
                        int cnt = ++carried[c];
                        if (cnt > bestCount || (cnt == bestCount && c < best)) {  // ties: the lowest class
                            best = c;
                            bestCount = cnt;
                        }
                    }
                }
                for (int p : taken) for (int c : labelsAt[p]) carried[c] = 0;
                purity[s][j] = (double) bestCount / taken.length;
                if (best >= 0 && purity[s][j] >= threshold) {
                    concept[s][j] = best;
                    assigned++;
                    maxPer = Math.max(maxPer, counts.merge(best, 1, Integer::sum));
                }
            }
            assignedFraction[s] = (double) assigned / l;
            perConcept.add(Collections.unmodifiableMap(counts));
        }
        List<Integer> agreeing = new ArrayList<>();
        for (int j = 0; j < l; j++) {
            int c = concept[0][j];
            boolean same = c >= 0;
            for (int s = 1; s < m && same; s++) same = concept[s][j] == c;
            if (same) agreeing.add(j);
        }
        return new ConceptAssignment(List.copyOf(streams), concept, purity, assignedFraction,
                List.copyOf(perConcept), maxPer, agreeing.size(), agreeing.stream().mapToInt(Integer::intValue).toArray());
    }
}
