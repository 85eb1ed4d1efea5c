package org.sparcj.data.synthetic;

import org.sparcj.data.StreamInfo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the synthetic concept benchmark, validated here. See {@link SyntheticBenchmark} for
 * what each setting does. {@link #defaults()} is the quickstart/CI dataset (about 4000 samples,
 * three small streams, generated in well under a second).
 *
 * @param samples              number of samples N
 * @param streams              stream names and widths
 * @param textStream           name of the caption-like stream that sees only some concepts (null: none)
 * @param textCoverage         fraction of leaf concepts the text stream can see, in (0, 1]
 * @param depth                depth of the concept tree (leaves at this depth), >= 1
 * @param branching            children per inner node, >= 2
 * @param zipfExponent         leaf concept frequency ~ 1 / rank^s, >= 0 (0: uniform)
 * @param conceptsPerSample    mean number of active leaf concepts per sample (1 + Poisson), >= 1
 * @param magnitudeMean        mean activation magnitude of a concept (log-normal), > 0
 * @param magnitudeLogSd       standard deviation of log magnitude, >= 0
 * @param parentCorrelation    cosine between a child concept's direction and its parent's, in [0, 1)
 * @param privateFactors       stream-private factors per stream (structure no other stream has), >= 0
 * @param privateScale         mean magnitude of an active private factor, >= 0
 * @param noise                standard deviation of i.i.d. Gaussian noise per feature, >= 0
 * @param seed                 random seed: the same config gives byte-identical files
 */
public record SyntheticConfig(int samples, List<StreamInfo> streams, String textStream, double textCoverage,
                              int depth, int branching, double zipfExponent, double conceptsPerSample,
                              double magnitudeMean, double magnitudeLogSd, double parentCorrelation,
                              int privateFactors, double privateScale, double noise, long seed) {

    /** Probability that a given private factor is active in a sample. */
    public static final double PRIVATE_FACTOR_ACTIVITY = 0.2;
    private static final int MAX_CONCEPTS = 1 << 20;

    public SyntheticConfig {
        streams = List.copyOf(streams);
        require(samples > 0, "samples", samples, "must be > 0");
        require(!streams.isEmpty(), "streams", streams, "must not be empty");
        Set<String> names = new HashSet<>();
        for (StreamInfo s : streams) require(names.add(s.name()), "streams", s.name(), "duplicate stream name");
        require(textStream == null || names.contains(textStream), "textStream", textStream, "is not one of the streams");
        require(textCoverage > 0 && textCoverage <= 1, "textCoverage", textCoverage, "must be in (0, 1]");
        require(depth >= 1, "depth", depth, "must be >= 1");
        require(branching >= 2, "branching", branching, "must be >= 2");
        require(Math.pow(branching, depth) <= MAX_CONCEPTS, "branching^depth", Math.pow(branching, depth),
                "must be <= " + MAX_CONCEPTS);
        require(zipfExponent >= 0 && Double.isFinite(zipfExponent), "zipfExponent", zipfExponent, "must be >= 0");
        require(conceptsPerSample >= 1 && conceptsPerSample <= Math.pow(branching, depth), "conceptsPerSample",
                conceptsPerSample, "must be in [1, number of leaf concepts]");
        require(magnitudeMean > 0 && Double.isFinite(magnitudeMean), "magnitudeMean", magnitudeMean, "must be > 0");
        require(magnitudeLogSd >= 0 && magnitudeLogSd <= 3, "magnitudeLogSd", magnitudeLogSd, "must be in [0, 3]");
        require(parentCorrelation >= 0 && parentCorrelation < 1, "parentCorrelation", parentCorrelation, "must be in [0, 1)");
        require(privateFactors >= 0, "privateFactors", privateFactors, "must be >= 0");
        require(privateScale >= 0 && Double.isFinite(privateScale), "privateScale", privateScale, "must be >= 0");
        require(noise >= 0 && Double.isFinite(noise), "noise", noise, "must be >= 0");
    }

    private static void require(boolean ok, String field, Object value, String rule) {
        if (!ok) throw new IllegalArgumentException("synthetic config: " + field + " " + rule + ", got " + value);
    }

    /**
     * 4000 samples; streams dino (64), clip_img (48), clip_txt (48, sees half of the concepts);
     * a 4-ary tree of depth 3 (64 leaf concepts), Zipf exponent 1, 3 concepts per sample,
     * log-normal magnitudes (mean 1, log-sd 0.5), parent-child cosine 0.6, 8 private factors per
     * stream of magnitude 0.5, noise 0.05, seed 42.
     */
    public static SyntheticConfig defaults() {
        return new SyntheticConfig(4000,
                List.of(new StreamInfo("dino", 64), new StreamInfo("clip_img", 48), new StreamInfo("clip_txt", 48)),
                "clip_txt", 0.5, 3, 4, 1.0, 3.0, 1.0, 0.5, 0.6, 8, 0.5, 0.05, 42L);
    }

    public SyntheticConfig withSamples(int n) {
        return new SyntheticConfig(n, streams, textStream, textCoverage, depth, branching, zipfExponent,
                conceptsPerSample, magnitudeMean, magnitudeLogSd, parentCorrelation, privateFactors, privateScale,
                noise, seed);
    }

    public SyntheticConfig withSeed(long s) {
        return new SyntheticConfig(samples, streams, textStream, textCoverage, depth, branching, zipfExponent,
                conceptsPerSample, magnitudeMean, magnitudeLogSd, parentCorrelation, privateFactors, privateScale,
                noise, s);
    }

    public SyntheticConfig withStreams(List<StreamInfo> newStreams, String newTextStream) {
        return new SyntheticConfig(samples, newStreams, newTextStream, textCoverage, depth, branching, zipfExponent,
                conceptsPerSample, magnitudeMean, magnitudeLogSd, parentCorrelation, privateFactors, privateScale,
                noise, seed);
    }

    public SyntheticConfig withTree(int newDepth, int newBranching) {
        return new SyntheticConfig(samples, streams, textStream, textCoverage, newDepth, newBranching, zipfExponent,
                conceptsPerSample, magnitudeMean, magnitudeLogSd, parentCorrelation, privateFactors, privateScale,
                noise, seed);
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
