package org.sparcj.data.synthetic;

import static org.sparcj.data.settings.Settings.require;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.settings.Settings;
import org.sparcj.data.store.Manifest;

/**
 * Settings of the synthetic concept benchmark ({@code sparc.data.synthetic}), validated here. See
 * {@link SyntheticBenchmark} for what each setting does. {@link #defaults()}, this module's
 * {@code reference.conf}, is the quickstart/CI dataset (about 4000 samples, three small streams,
 * generated in well under a second).
 *
 * @param samples              number of samples N
 * @param streams              stream names and widths
 * @param textStream           name of the caption-like stream that sees only some concepts (null or "": none)
 * @param textCoverage         fraction of leaf concepts the text stream can see, in (0, 1]
 * @param depth                depth of the concept tree (leaves at this depth), >= 1
 * @param branching            children per inner node, >= 2
 * @param zipfExponent         leaf concept frequency ~ 1 / rank^s, >= 0 (0: uniform)
 * @param conceptsPerSample    mean number of active leaf concepts per sample (1 + Poisson), >= 1
 * @param magnitudeMean        mean activation magnitude of a concept (log-normal), > 0
 * @param magnitudeLogSd       standard deviation of log magnitude, >= 0
 * @param parentCorrelation    cosine between a child concept's direction and its parent's, in [0, 1)
 * @param privateFactors       stream-private factors per stream (structure no other stream has), >= 0
 * @param textPrivateFactors   private factors of the text stream instead of privateFactors (captions
 *                             carry little beyond what they mention), >= 0; unused without a text stream
 * @param privateScale         mean magnitude of an active private factor, >= 0
 * @param noise                standard deviation of i.i.d. Gaussian noise per feature, >= 0
 * @param alignedPair          two stream names (first, second) of equal width whose concept directions
 *                             are aligned, as contrastive training aligns CLIP's image and text
 *                             embeddings; empty for none
 * @param pairAlignment        cosine between the second stream's direction of each leaf concept and the
 *                             first's (the rest is the second stream's own random direction), in [0, 1]
 * @param seed                 random seed: the same config gives byte-identical files
 * @param patches              patch tokens for the localisation benchmark (grid 0: none, and the
 *                             generated files are those of a generator without patch tokens)
 */
public record SyntheticConfig(int samples, List<StreamInfo> streams, String textStream, double textCoverage,
                              int depth, int branching, double zipfExponent, double conceptsPerSample,
                              double magnitudeMean, double magnitudeLogSd, double parentCorrelation,
                              int privateFactors, int textPrivateFactors, double privateScale, double noise,
                              List<String> alignedPair, double pairAlignment, long seed,
                              Patches patches) {

    /**
     * Patch tokens of one stream (docs/LOCALISATION.md): each concept of a sample is planted in a
     * rectangle of a square patch grid (its object), and each of its part-concepts in a vertical strip
     * of that rectangle.
     *
     * @param grid      patches per side (P = grid^2); 0: no patch tokens
     * @param stream    the stream that gets patch tokens (not the text stream)
     * @param pooling   MEAN: the stream's pooled feature is the mean of its patches; CLS: a separate
     *                  token (the concept mixture), patches carry each object at its own magnitude
     * @param parts     part-concepts per concept, >= 1 (1: the object has no separate parts)
     * @param partScale magnitude of a part relative to its concept, >= 0
     */
    public record Patches(int grid, String stream, Manifest.Pooling pooling, int parts, double partScale) {
        public Patches {
            require("grid", grid, grid == 0 || grid >= Math.max(2, parts), "0 (none), or >= max(2, parts)");
            require("parts", parts, parts >= 1, ">= 1");
            require("part_scale", partScale, partScale >= 0 && Double.isFinite(partScale), ">= 0");
        }

        public boolean enabled() {
            return grid > 0;
        }
    }


    /** Without patch tokens: the generator as it was before they existed. */
    public SyntheticConfig(int samples, List<StreamInfo> streams, String textStream, double textCoverage, int depth,
                           int branching, double zipfExponent, double conceptsPerSample, double magnitudeMean,
                           double magnitudeLogSd, double parentCorrelation, int privateFactors, int textPrivateFactors,
                           double privateScale, double noise, List<String> alignedPair, double pairAlignment, long seed) {
        this(samples, streams, textStream, textCoverage, depth, branching, zipfExponent, conceptsPerSample, magnitudeMean,
                magnitudeLogSd, parentCorrelation, privateFactors, textPrivateFactors, privateScale, noise, alignedPair,
                pairAlignment, seed, new Patches(0, "dino", Manifest.Pooling.MEAN, 2, 0.5));
    }

    /** Probability that a given private factor is active in a sample. */
    public static final double PRIVATE_FACTOR_ACTIVITY = 0.2;
    private static final int MAX_CONCEPTS = 1 << 20;

    public SyntheticConfig {
        streams = List.copyOf(streams);
        alignedPair = List.copyOf(alignedPair);
        if (textStream != null && textStream.isEmpty()) textStream = null;
        require("samples", samples, samples > 0, "> 0");
        require("streams", streams, !streams.isEmpty(), "at least one stream");
        Set<String> names = new HashSet<>();
        for (StreamInfo s : streams) require("streams", s.name(), names.add(s.name()), "distinct stream names");
        require("text_stream", textStream, textStream == null || names.contains(textStream), "one of the streams, or \"\" for none");
        require("text_coverage", textCoverage, textCoverage > 0 && textCoverage <= 1, "in (0, 1]");
        require("depth", depth, depth >= 1, ">= 1");
        require("branching", branching, branching >= 2, ">= 2");
        require("branching", Math.pow(branching, depth), Math.pow(branching, depth) <= MAX_CONCEPTS, "branching^depth <= " + MAX_CONCEPTS);
        require("zipf_exponent", zipfExponent, zipfExponent >= 0 && Double.isFinite(zipfExponent), ">= 0");
        require("concepts_per_sample", conceptsPerSample, conceptsPerSample >= 1 && conceptsPerSample <= Math.pow(branching, depth), "in [1, number of leaf concepts]");
        require("magnitude_mean", magnitudeMean, magnitudeMean > 0 && Double.isFinite(magnitudeMean), "> 0");
        require("magnitude_log_sd", magnitudeLogSd, magnitudeLogSd >= 0 && magnitudeLogSd <= 3, "in [0, 3]");
        require("parent_correlation", parentCorrelation, parentCorrelation >= 0 && parentCorrelation < 1, "in [0, 1)");
        require("private_factors", privateFactors, privateFactors >= 0, ">= 0");
        require("text_private_factors", textPrivateFactors, textPrivateFactors >= 0, ">= 0");
        require("private_scale", privateScale, privateScale >= 0 && Double.isFinite(privateScale), ">= 0");
        require("noise", noise, noise >= 0 && Double.isFinite(noise), ">= 0");
        require("aligned_pair", alignedPair, alignedPair.isEmpty() || alignedPair.size() == 2, "two stream names, or none");
        if (alignedPair.size() == 2) {
            for (String n : alignedPair)
                require("aligned_pair", n, names.contains(n), "one of the streams " + names);
            require("aligned_pair", alignedPair, !alignedPair.get(0).equals(alignedPair.get(1)), "two different streams");
            require("aligned_pair", alignedPair, dimOf(streams, alignedPair.get(0)) == dimOf(streams, alignedPair.get(1)), "two streams of the same dim (raw features are compared across them)");
        }
        require("pair_alignment", pairAlignment, pairAlignment >= 0 && pairAlignment <= 1, "in [0, 1]");
        if (patches.enabled()) {
            require("patches.stream", patches.stream(), names.contains(patches.stream()), "one of the streams " + names);
            require("patches.stream", patches.stream(), !patches.stream().equals(textStream), "not the text stream");
        }
    }

    private static int dimOf(List<StreamInfo> streams, String name) {
        for (StreamInfo s : streams) if (s.name().equals(name)) return s.dim();
        return -1;
    }

    /** This module's {@code reference.conf} ({@code sparc.data.synthetic}): the quickstart/CI dataset. */
    public static SyntheticConfig defaults() {
        return Settings.defaults(SyntheticConfig.class, "sparc.data.synthetic", Map.of());
    }

    /** A copy with settings changed, as pairs of config key and value ({@code with("samples", 20)}). */
    public SyntheticConfig with(Object... keyValues) {
        return Settings.with(this, keyValues);
    }

    /** Index of stream {@code name}, or -1. */
    public int streamIndex(String name) {
        for (int i = 0; i < streams.size(); i++) if (streams.get(i).name().equals(name)) return i;
        return -1;
    }

    /** Number of leaf concepts: branching^depth. */
    public int leafCount() {
        return (int) Math.round(Math.pow(branching, depth));
    }

    /** Index of the text stream, or -1. */
    public int textStreamIndex() {
        for (int i = 0; i < streams.size(); i++) if (streams.get(i).name().equals(textStream)) return i;
        return -1;
    }
}
