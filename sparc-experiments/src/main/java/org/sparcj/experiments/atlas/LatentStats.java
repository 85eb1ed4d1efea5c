package org.sparcj.experiments.atlas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.StreamInfo;
import org.sparcj.eval.ClassCounts;
import org.sparcj.eval.ConceptAssignment;
import org.sparcj.eval.HierarchicalJaccard;
import org.sparcj.eval.TopActivations;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.SparseCodes;
import org.sparcj.model.StreamParameters;

/**
 * What the atlas shows of every latent, from one streaming pass over the analysis rows under the model's
 * joint encoding (its trained selection, as the evaluation; docs/METHOD.md, Metrics: which encoding).
 * Memory: M x L counters, the display and concept top-N heaps, and the labels of the analysis rows.
 */
final class LatentStats {
    final List<String> streams;
    final int latents;
    final int rows;
    /** fires[s][j]: analysis rows where latent j is non-zero in stream s. */
    final long[][] fires;
    final TopSamples shown;
    /** Per analysis position, its distinct labels (null without labels). */
    final int[][] labelsAt;
    /** sparc-eval's concept assignment on the concept top-N (null without labels). */
    final ConceptAssignment concepts;
    /** Per latent, the hierarchical generalized Jaccard of its concept top-N across streams (null without labels). */
    final double[] jaccard;
    /** Per latent, the label most often carried by its concept top-N samples in all streams, or -1. */
    final int[] topLabel;
    /** Stream pairs of equal width, and per pair the cosine of each latent's decoder directions. */
    final List<int[]> cosinePairs = new ArrayList<>();
    final List<float[]> cosine = new ArrayList<>();

    private LatentStats(List<String> streams, int latents, int rows, long[][] fires, TopSamples shown, int[][] labelsAt,
                        ConceptAssignment concepts, double[] jaccard, int[] topLabel) {
        this.streams = streams;
        this.latents = latents;
        this.rows = rows;
        this.fires = fires;
        this.shown = shown;
        this.labelsAt = labelsAt;
        this.concepts = concepts;
        this.jaccard = jaccard;
        this.topLabel = topLabel;
    }

    /**
     * @param labels      per dataset row, or null
     * @param shownN      samples kept per latent and stream for its page
     * @param conceptTopN samples per latent and stream for concept assignment, Jaccard and the top label (eval.concept_top_n)
     * @param progress    told the rows done after every batch
     */
    static LatentStats compute(SparseAutoencoder model, List<StreamParameters> parameters, MultiStreamDataset data, long[] rows,
                               SampleLabels labels, int shownN, int conceptTopN, double purityThreshold, int batchSize,
                               LongConsumer progress) {
        List<String> names = model.streams().stream().map(StreamInfo::name).toList();
        int m = names.size(), l = model.latentSize(), n = rows.length;
        long[][] fires = new long[m][l];
        TopSamples shown = new TopSamples(m, l, shownN);
        TopActivations conceptTop = labels == null ? null : new TopActivations(m, l, conceptTopN);
        for (int b0 = 0; b0 < n; b0 += batchSize) {
            long[] batch = Arrays.copyOfRange(rows, b0, Math.min(n, b0 + batchSize));
            SparseCodes[] codes = model.encodeJoint(data.readBatch(batch), batch.length);
            for (int s = 0; s < m; s++) {
                SparseCodes z = codes[s];
                for (int i = 0; i < batch.length; i++) {
                    for (int e = 0; e < z.k(); e++) {
                        float v = z.value(i, e);
                        if (v <= 0f) continue;
                        int j = z.index(i, e);
                        fires[s][j]++;
                        shown.offer(s, j, v, b0 + i);
                        if (conceptTop != null) conceptTop.offer(s, j, v, b0 + i);
                    }
                }
            }
            progress.accept(b0 + batch.length);
        }
        int[][] labelsAt = null;
        ConceptAssignment concepts = null;
        double[] jaccard = null;
        int[] topLabel = new int[l];
        Arrays.fill(topLabel, -1);
        if (labels != null) {
            labelsAt = new int[n][];
            for (int p = 0; p < n; p++) labelsAt[p] = Arrays.stream(labels.labels()[(int) rows[p]]).distinct().sorted().toArray();
            concepts = ConceptAssignment.compute(names, conceptTop, labelsAt, purityThreshold);
            ClassCounts counts = new ClassCounts(m, l, labels.taxonomy().size());
            for (int j = 0; j < l; j++) {
                Map<Integer, Integer> all = new HashMap<>();
                for (int s = 0; s < m; s++)
                    for (int p : conceptTop.members(s, j)) {
                        counts.add(s, j, labelsAt[p]);
                        for (int label : labelsAt[p]) all.merge(label, 1, Integer::sum);
                    }
                topLabel[j] = all.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(-1);
            }
            jaccard = HierarchicalJaccard.compute(counts, labels.taxonomy()).perLatent();
        }
        LatentStats stats = new LatentStats(names, l, n, fires, shown, labelsAt, concepts, jaccard, topLabel);
        stats.addCosines(parameters);
        return stats;
    }

    /** Fraction of analysis rows where latent j fires in stream s. */
    double rate(int s, int j) {
        return rows == 0 ? 0 : (double) fires[s][j] / rows;
    }

    /** "all-alive", "dead" or "mixed" (docs/METHOD.md, Metrics: activation patterns), from firing on the analysis rows. */
    String pattern(int j) {
        int alive = 0;
        for (long[] f : fires) if (f[j] > 0) alive++;
        return alive == fires.length ? "all-alive" : alive == 0 ? "dead" : "mixed";
    }

    private void addCosines(List<StreamParameters> parameters) {
        for (int s = 0; s < parameters.size(); s++)
            for (int t = s + 1; t < parameters.size(); t++) {
                int d = parameters.get(s).stream().dim();
                if (d != parameters.get(t).stream().dim()) continue;
                float[] a = parameters.get(s).decoder(), b = parameters.get(t).decoder();
                float[] cos = new float[latents];
                for (int j = 0; j < latents; j++) {
                    double dot = 0, na = 0, nb = 0;
                    for (int i = j * d; i < (j + 1) * d; i++) {
                        dot += (double) a[i] * b[i];
                        na += (double) a[i] * a[i];
                        nb += (double) b[i] * b[i];
                    }
                    cos[j] = na == 0 || nb == 0 ? 0f : (float) (dot / Math.sqrt(na * nb));
                }
                cosinePairs.add(new int[] {s, t});
                cosine.add(cos);
            }
    }
}
