package org.sparcj.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation measured. Parts that were not run (switched off, or needing labels
 * that were not given) are null.
 *
 * @param streams         stream names, in stream order
 * @param latentSize      L
 * @param rows            analysis rows evaluated
 * @param dead            dead latents per stream (joint encoding)
 * @param patterns        activation patterns across streams (joint encoding)
 * @param jaccard         hierarchical Jaccard (joint encoding)
 * @param concepts        concept assignment (joint encoding)
 * @param coherence       decoder coherence of the latents assigned to one concept
 * @param probe1d         1-D probe loss (joint encoding)
 * @param probeLinear     linear probes (joint encoding)
 * @param probeMlp        MLP classification probe
 * @param retrieval       retrieval, every stream encoded on its own
 * @param nmse            M x M NMSE matrix (joint encoding)
 * @param timingsSeconds  wall time per part
 */
public record EvaluationReport(List<String> streams, int latentSize, int rows, DeadLatents dead,
                               ActivationPatterns patterns, HierarchicalJaccard jaccard, ConceptAssignment concepts,
                               DecoderCoherence coherence, OneDimProbe probe1d, LinearProbes probeLinear, MlpProbe probeMlp, Retrieval retrieval, NmseMatrix nmse,
                               Map<String, Double> timingsSeconds) {

    /**
     * Named scalar metrics for tracking (names use only letters, digits, '_' and '.'). Values that
     * could not be computed (NaN, e.g. no class qualified for a probe) are left out.
     */
    public Map<String, Double> flatMetrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        put(out, "rows", rows);
        if (dead != null) {
            for (int s = 0; s < streams.size(); s++) {
                put(out, "dead." + streams.get(s), dead.dead()[s]);
                put(out, "dead_fraction." + streams.get(s), dead.deadFraction()[s]);
            }
        }
        if (patterns != null) {
            put(out, "all_alive_fraction", patterns.allAliveFraction());
            put(out, "mixed_fraction", patterns.mixedFraction());
            put(out, "all_dead_fraction", patterns.allDeadFraction());
            put(out, "mixed_count", patterns.mixed());
        }
        if (jaccard != null) {
            for (int d = 0; d < jaccard.perDepth().length; d++) put(out, "jaccard.d" + d, jaccard.perDepth()[d]);
            put(out, "jaccard_mean", jaccard.mean());
        }
        if (concepts != null) {
            for (int s = 0; s < streams.size(); s++)
                put(out, "concepts.assigned_fraction." + streams.get(s), concepts.assignedFraction()[s]);
            put(out, "concepts.max_latents_per_concept", concepts.maxLatentsPerConcept());
            put(out, "concepts.agreeing_latents", concepts.agreeingLatents());
            perStream(out, "concepts.coverage", concepts.coverage());
            perStream(out, "concepts.gini", concepts.gini());
            perStream(out, "concepts.frequency_spearman", concepts.frequencySpearman());
            perStream(out, "concepts.purity", concepts.meanPurity());
            perStream(out, "concepts.selectivity", concepts.selectivity());
        }
        if (coherence != null) {
            perStream(out, "coherence.max", coherence.coherence());
            perStream(out, "coherence.mean", coherence.meanCosine());
            perStream(out, "coherence.any_pair", coherence.anyPair());
        }
        if (probe1d != null) {
            for (int s = 0; s < streams.size(); s++)
                put(out, "probe1d.logloss." + streams.get(s), probe1d.meanLogLoss()[s]);
            put(out, "probe1d.logloss_mean", probe1d.mean());
        }
        if (probeLinear != null) {
            for (int p = 0; p < probeLinear.probes().size(); p++)
                perStream(out, "probe_linear." + probeLinear.probes().get(p) + ".logloss", probeLinear.meanLogLoss()[p]);
            perStream(out, "probe_linear.l1.nonzero", probeLinear.l1Nonzero());
        }
        if (probeMlp != null) {
            for (Map.Entry<String, Double> e : probeMlp.meanAveragePrecision().entrySet())
                put(out, "probe_mlp.map." + e.getKey(), e.getValue());
        }
        if (retrieval != null) {
            Map<String, double[]> means = new LinkedHashMap<>(); // family -> {sum r1, sum mrr, count}
            // Every query is ranked against all rows of the (capped) analysis set: chance R@1 = 1 / this.
            if (!retrieval.entries().isEmpty()) put(out, "retrieval.gallery_size", retrieval.entries().get(0).stats().queries());
            for (Retrieval.Entry e : retrieval.entries()) {
                String prefix = "retrieval." + e.family() + "." + e.source() + "_to_" + e.target() + ".";
                RankStats r = e.stats();
                put(out, prefix + "r_at_1", r.rAt1());
                put(out, prefix + "r_at_5", r.rAt5());
                put(out, prefix + "r_at_10", r.rAt10());
                put(out, prefix + "mrr", r.mrr());
                put(out, prefix + "median_rank", r.medianRank());
                double[] acc = means.computeIfAbsent(e.family(), f -> new double[3]);
                acc[0] += r.rAt1();
                acc[1] += r.mrr();
                acc[2]++;
            }
            for (Map.Entry<String, double[]> e : means.entrySet()) {
                put(out, "retrieval." + e.getKey() + ".r_at_1_mean", e.getValue()[0] / e.getValue()[2]);
                put(out, "retrieval." + e.getKey() + ".mrr_mean", e.getValue()[1] / e.getValue()[2]);
            }
        }
        if (nmse != null) {
            for (int s = 0; s < streams.size(); s++)
                for (int t = 0; t < streams.size(); t++)
                    put(out, "nmse." + streams.get(s) + "_to_" + streams.get(t), nmse.nmse()[s][t]);
            put(out, "nmse.self_mean", nmse.selfMean());
            put(out, "nmse.cross_mean", nmse.crossMean());
        }
        return Collections.unmodifiableMap(out);
    }

    /** name.STREAM per stream, and name_mean: their mean over the streams where it is finite. */
    private void perStream(Map<String, Double> out, String name, double[] values) {
        double sum = 0;
        int n = 0;
        for (int s = 0; s < streams.size(); s++) {
            put(out, name + "." + streams.get(s), values[s]);
            if (Double.isFinite(values[s])) {
                sum += values[s];
                n++;
            }
        }
        if (n > 0) put(out, name + "_mean", sum / n);
    }

    private static void put(Map<String, Double> out, String name, double value) {
        if (Double.isFinite(value)) out.put(name, value);
    }

    /** The whole typed report as JSON (NaN written as the string "NaN"). */
    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("evaluation report: cannot write JSON: " + e.getMessage(), e);
        }
    }
}
