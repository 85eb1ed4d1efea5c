package org.sparcj.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparcj.model.LatentCodes;

/**
 * Concept assignment by purity (docs/METHOD.md, Metrics: concept assignment). Per latent and stream: take the (at most) N
 * samples with the highest activation among those where the latent fires; the dominant class is
 * the one carried by most of them (ties: the lowest class index); purity = samples carrying it /
 * samples taken (an unlabelled sample counts as taken, carrying nothing); assigned when purity >=
 * the threshold, else none (-1). With a cap (docs/METHOD.md, Metrics: concept concentration), a
 * class keeps at most that many latents per stream, the purest (ties: the lower latent index); the
 * rest become unassigned.
 *
 * <p>Concentration (docs/METHOD.md, Metrics: concept concentration), per stream, over the classes
 * carried by at least one analysis sample: coverage = classes with at least one latent / those
 * classes; the Gini coefficient of latents per class; the Spearman correlation of latents per class
 * with the class's frequency (samples carrying it); the mean purity of the assigned latents; and,
 * when the codes are given, attribution selectivity: per class with latents, the share of those
 * latents' activation mass that falls on samples carrying the class, averaged over classes.
 *
 * @param streams               stream names
 * @param concept               concept[s][j]: assigned class of latent j in stream s, or -1
 * @param purity                purity[s][j]: purity of the dominant class (0 when the latent never fires)
 * @param assignedFraction      per stream, assigned latents / L
 * @param latentsPerConcept     per stream, class -> number of latents assigned to it
 * @param maxLatentsPerConcept  the largest number of latents one class takes in one stream
 * @param agreeingLatents       latents assigned in every stream, to the same class in all of them
 * @param agreeing              those latents' indices, ascending
 * @param frequency             frequency[c]: analysis samples carrying class c
 * @param coverage              per stream, classes with at least one latent / classes carried by a sample
 * @param gini                  per stream, the Gini coefficient of latents per carried class
 * @param frequencySpearman     per stream, Spearman correlation of latents per class with its frequency
 * @param meanPurity            per stream, the mean purity of the assigned latents (NaN: none assigned)
 * @param selectivity           per stream, the mean attribution selectivity over classes with latents
 *                              (NaN: no codes given or no class has latents)
 */
public record ConceptAssignment(List<String> streams, int[][] concept, double[][] purity, double[] assignedFraction,
                                List<Map<Integer, Integer>> latentsPerConcept, int maxLatentsPerConcept,
                                int agreeingLatents, int[] agreeing, int[] frequency, double[] coverage,
                                double[] gini, double[] frequencySpearman, double[] meanPurity,
                                double[] selectivity) {

    /**
     * @param top        the top-activation samples per stream and latent (its capacity is N)
     * @param labelsAt   labelsAt[position]: distinct class indices of the sample at that position
     * @param threshold  purity threshold
     */
    public static ConceptAssignment compute(List<String> streams, TopActivations top, int[][] labelsAt, double threshold) {
        return compute(streams, top, labelsAt, threshold, 0, null);
    }

    /**
     * @param maxLatents  0: no cap; N: a class keeps at most its N purest latents per stream
     * @param codes       per stream, the joint codes of every analysis position, for attribution
     *                    selectivity; null: not measured
     */
    public static ConceptAssignment compute(List<String> streams, TopActivations top, int[][] labelsAt, double threshold,
                                            int maxLatents, LatentCodes[] codes) {
        if (maxLatents < 0) throw new IllegalArgumentException("concept assignment: cap " + maxLatents + " < 0");
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
                if (best >= 0 && purity[s][j] >= threshold) concept[s][j] = best;
            }
            if (maxLatents > 0) cap(concept[s], purity[s], maxLatents);
            for (int j = 0; j < l; j++) {
                if (concept[s][j] < 0) continue;
                assigned++;
                maxPer = Math.max(maxPer, counts.merge(concept[s][j], 1, Integer::sum));
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
        int[] frequency = new int[maxClass + 1];
        for (int[] ls : labelsAt) for (int c : ls) frequency[c]++;
        double[] coverage = new double[m];
        double[] gini = new double[m];
        double[] spearman = new double[m];
        double[] meanPurity = new double[m];
        double[] selectivity = new double[m];
        for (int s = 0; s < m; s++) {
            List<double[]> carriedClasses = new ArrayList<>();  // per carried class: {latents, frequency}
            int covered = 0;
            for (int c = 0; c <= maxClass; c++) {
                if (frequency[c] == 0) continue;
                int latents = perConcept.get(s).getOrDefault(c, 0);
                if (latents > 0) covered++;
                carriedClasses.add(new double[] {latents, frequency[c]});
            }
            coverage[s] = carriedClasses.isEmpty() ? Double.NaN : (double) covered / carriedClasses.size();
            double[] perClass = carriedClasses.stream().mapToDouble(a -> a[0]).toArray();
            gini[s] = Concentration.gini(perClass);
            spearman[s] = Concentration.spearman(perClass, carriedClasses.stream().mapToDouble(a -> a[1]).toArray());
            double sum = 0;
            int count = 0;
            for (int j = 0; j < l; j++) {
                if (concept[s][j] < 0) continue;
                sum += purity[s][j];
                count++;
            }
            meanPurity[s] = count == 0 ? Double.NaN : sum / count;
            selectivity[s] = codes == null ? Double.NaN : selectivity(concept[s], codes[s], labelsAt, maxClass);
        }
        return new ConceptAssignment(List.copyOf(streams), concept, purity, assignedFraction,
                List.copyOf(perConcept), maxPer, agreeing.size(), agreeing.stream().mapToInt(Integer::intValue).toArray(),
                frequency, coverage, gini, spearman, meanPurity, selectivity);
    }

    /** Unassigns all but the {@code max} purest latents of every class (ties: the lower latent index keeps it). */
    static void cap(int[] concept, double[] purity, int max) {
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int j = 0; j < concept.length; j++) if (concept[j] >= 0) byClass.computeIfAbsent(concept[j], c -> new ArrayList<>()).add(j);
        for (List<Integer> latents : byClass.values()) {
            if (latents.size() <= max) continue;
            latents.sort((a, b) -> purity[a] != purity[b] ? Double.compare(purity[b], purity[a]) : Integer.compare(a, b));
            for (int i = max; i < latents.size(); i++) concept[latents.get(i)] = -1;
        }
    }

    /**
     * Mean over classes with latents of: activation mass of the class's latents on samples carrying
     * the class / their mass on all samples (a class whose latents never fire counts 0).
     */
    static double selectivity(int[] concept, LatentCodes codes, int[][] labelsAt, int maxClass) {
        double[] onClass = new double[maxClass + 1];
        double[] total = new double[maxClass + 1];
        for (int p = 0; p < codes.rows(); p++) {
            for (int e = 0; e < codes.k(); e++) {
                float v = codes.value(p, e);
                int c = v == 0f ? -1 : concept[codes.index(p, e)];
                if (c < 0) continue;
                total[c] += v;
                if (Arrays.binarySearch(labelsAt[p], c) >= 0) onClass[c] += v;
            }
        }
        boolean[] has = new boolean[maxClass + 1];
        for (int c : concept) if (c >= 0) has[c] = true;
        double sum = 0;
        int classes = 0;
        for (int c = 0; c <= maxClass; c++) {
            if (!has[c]) continue;
            sum += total[c] > 0 ? onClass[c] / total[c] : 0;
            classes++;
        }
        return classes == 0 ? Double.NaN : sum / classes;
    }
}
