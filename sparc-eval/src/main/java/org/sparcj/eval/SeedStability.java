package org.sparcj.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether two runs learned the same latents (docs/METHOD.md, Metrics: seed stability). Latents of
 * run A are matched one to one with latents of run B by the Hungarian method, maximising the summed
 * cosine of their decoder directions: per stream, and jointly on the concatenation of a latent's
 * unit decoder directions over all streams (whose cosine is the mean of the per-stream cosines). A
 * match counts when its cosine is at least the threshold. A matched latent keeps its concept in a
 * stream when both runs assign it the same class there (among matches whose run-A latent has one).
 *
 * @param streams        stream names
 * @param threshold      the cosine a match needs
 * @param matched        per stream, fraction of the L latents matched at or above the threshold
 * @param meanCosine     per stream, mean cosine over all L matched pairs
 * @param conceptKept    per stream, fraction of the matches above threshold whose run-A latent has a
 *                       class that keep it (NaN: no such match, or no concepts given)
 * @param jointMatched   fraction of latents matched jointly at or above the threshold
 * @param jointCosine    mean joint cosine over all L matched pairs
 * @param jointConceptKept over the joint matches above threshold and all streams, as conceptKept
 */
public record SeedStability(List<String> streams, double threshold, double[] matched, double[] meanCosine,
                            double[] conceptKept, double jointMatched, double jointCosine, double jointConceptKept) {

    /**
     * @param a         a[s][j]: unit decoder direction of latent j in stream s of run A
     * @param b         the same for run B
     * @param conceptsA conceptsA[s][j]: class of latent j in stream s of run A, or -1; null: not compared
     * @param conceptsB the same for run B
     */
    public static SeedStability compute(List<String> streams, double[][][] a, double[][][] b, int[][] conceptsA,
                                        int[][] conceptsB, double threshold) {
        int m = a.length;
        int l = a[0].length;
        if (b.length != m || b[0].length != l)
            throw new IllegalArgumentException("seed stability: runs differ in streams or latent size");
        double[][][] cos = new double[m][l][l];
        double[][] joint = new double[l][l];
        for (int s = 0; s < m; s++)
            for (int i = 0; i < l; i++)
                for (int j = 0; j < l; j++) {
                    cos[s][i][j] = DecoderDirections.cosine(a[s][i], b[s][j]);
                    joint[i][j] += cos[s][i][j] / m;
                }
        double[] matched = new double[m], meanCos = new double[m], kept = new double[m];
        for (int s = 0; s < m; s++) {
            int[] match = Hungarian.minimise(negate(cos[s]));
            double[] r = summary(cos[s], match, threshold);
            matched[s] = r[0];
            meanCos[s] = r[1];
            kept[s] = conceptsA == null ? Double.NaN : kept(new int[][] {conceptsA[s]}, new int[][] {conceptsB[s]},
                    cos[s], match, threshold);
        }
        int[] jointMatch = Hungarian.minimise(negate(joint));
        double[] r = summary(joint, jointMatch, threshold);
        double jointKept = conceptsA == null ? Double.NaN : kept(conceptsA, conceptsB, joint, jointMatch, threshold);
        return new SeedStability(List.copyOf(streams), threshold, matched, meanCos, kept, r[0], r[1], jointKept);
    }

    /** Named scalar metrics, as {@link EvaluationReport#flatMetrics()} names them. */
    public Map<String, Double> flatMetrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int s = 0; s < streams.size(); s++) {
            out.put("stability.matched." + streams.get(s), matched[s]);
            out.put("stability.cosine." + streams.get(s), meanCosine[s]);
            if (Double.isFinite(conceptKept[s])) out.put("stability.concept_kept." + streams.get(s), conceptKept[s]);
        }
        out.put("stability.joint.matched", jointMatched);
        out.put("stability.joint.cosine", jointCosine);
        if (Double.isFinite(jointConceptKept)) out.put("stability.joint.concept_kept", jointConceptKept);
        return out;
    }

    private static double[][] negate(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int j = 0; j < out[i].length; j++) out[i][j] = -out[i][j];
        }
        return out;
    }

    /** {fraction of rows matched at or above the threshold, mean matched cosine}. */
    private static double[] summary(double[][] cos, int[] match, double threshold) {
        int above = 0;
        double sum = 0;
        for (int i = 0; i < match.length; i++) {
            double c = cos[i][match[i]];
            sum += c;
            if (c >= threshold) above++;
        }
        return new double[] {(double) above / match.length, sum / match.length};
    }

    /** Over every stream of the given concepts: matches above threshold with a run-A class, the share that keep it. */
    private static double kept(int[][] conceptsA, int[][] conceptsB, double[][] cos, int[] match, double threshold) {
        int with = 0, same = 0;
        for (int s = 0; s < conceptsA.length; s++)
            for (int i = 0; i < match.length; i++) {
                if (cos[i][match[i]] < threshold || conceptsA[s][i] < 0) continue;
                with++;
                if (conceptsB[s][match[i]] == conceptsA[s][i]) same++;
            }
        return with == 0 ? Double.NaN : (double) same / with;
    }
}
