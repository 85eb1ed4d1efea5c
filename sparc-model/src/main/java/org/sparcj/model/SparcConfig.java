package org.sparcj.model;

import java.util.List;
import java.util.Locale;
import org.sparcj.data.StreamInfo;

/**
 * Model and training settings of one SPARC run. Defaults are the official SPARC code's
 * (see {@link #builder}); every value is validated here, once, with a message naming the key.
 *
 * @param streams            stream names and input widths, M >= 1
 * @param latentSize         L, the shared latent width
 * @param k                  latents kept per sample
 * @param topK               LOCAL or GLOBAL selection
 * @param lambda             weight of the mean cross-reconstruction NMSE
 * @param alpha              weight of the AuxK loss
 * @param kAux               latents AuxK keeps among the dead
 * @param deadSteps          a latent is dead after more than this many steps without firing
 * @param fireThreshold      a latent fired when its activation exceeds this
 * @param resampleEvery      dead latents are re-initialised every this many steps (from step 0)
 * @param learningRate       Adam learning rate
 * @param batchSize          samples per training step
 * @param epochs             passes over the training rows
 * @param seed               seeds initialisation, batch order and re-initialisation
 * @param batchOrder         CONTIGUOUS (official) or SAMPLES
 * @param decode             SPARSE (efficient, default) or DENSE
 * @param logEvery           progress reported to listeners every this many steps
 * @param maxBadBatches      a run fails after this many consecutive NaN/Inf losses
 */
public record SparcConfig(
        List<StreamInfo> streams,
        int latentSize,
        int k,
        TopKMode topK,
        double lambda,
        double alpha,
        int kAux,
        int deadSteps,
        double fireThreshold,
        int resampleEvery,
        double learningRate,
        int batchSize,
        int epochs,
        long seed,
        BatchOrder batchOrder,
        DecodeMode decode,
        int logEvery,
        int maxBadBatches) {

    public SparcConfig {
        streams = List.copyOf(require("streams", streams, streams != null && !streams.isEmpty(), "at least one stream"));
        long distinct = streams.stream().map(StreamInfo::name).distinct().count();
        require("streams", streams, distinct == streams.size(), "distinct stream names");
        require("latent_size", latentSize, latentSize > 0, "> 0");
        require("k", k, k > 0 && k <= latentSize, "1 <= k <= latent_size (" + latentSize + ")");
        require("topk", topK, topK != null, "LOCAL or GLOBAL");
        require("lambda", lambda, Double.isFinite(lambda) && lambda >= 0, "a finite value >= 0");
        require("alpha", alpha, Double.isFinite(alpha) && alpha >= 0, "a finite value >= 0");
        require("k_aux", kAux, kAux > 0 && kAux <= latentSize, "1 <= k_aux <= latent_size (" + latentSize + ")");
        require("dead_steps", deadSteps, deadSteps > 0, "> 0");
        require("fire_threshold", fireThreshold, Double.isFinite(fireThreshold) && fireThreshold >= 0, ">= 0");
        require("resample_every", resampleEvery, resampleEvery > 0, "> 0");
        require("learning_rate", learningRate, Double.isFinite(learningRate) && learningRate > 0, "a finite value > 0");
        require("batch_size", batchSize, batchSize > 0, "> 0");
        require("epochs", epochs, epochs > 0, "> 0");
        require("batch_order", batchOrder, batchOrder != null, "CONTIGUOUS or SAMPLES");
        require("decode", decode, decode != null, "SPARSE or DENSE");
        require("log_every", logEvery, logEvery > 0, "> 0");
        require("max_bad_batches", maxBadBatches, maxBadBatches > 0, "> 0");
    }

    private static <T> T require(String key, T value, boolean ok, String allowed) {
        if (!ok) throw new IllegalArgumentException(
                "invalid SPARC config: " + key + " = " + value + " (allowed: " + allowed + ")");
        return value;
    }

    public int streamCount() {
        return streams.size();
    }

    public int dim(int stream) {
        return streams.get(stream).dim();
    }

    /** Parses a mode name case-insensitively, naming the key and the allowed values on failure. */
    public static <E extends Enum<E>> E parseEnum(String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid SPARC config: " + key + " = " + value + " (allowed: "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ")");
        }
    }

    /** A builder holding the official defaults: L 8192, k 64, GLOBAL, lambda 1, alpha 1/32, ... */
    public static Builder builder(List<StreamInfo> streams) {
        return new Builder(streams);
    }

    public Builder toBuilder() {
        Builder b = new Builder(streams);
        b.latentSize = latentSize; b.k = k; b.topK = topK; b.lambda = lambda; b.alpha = alpha; b.kAux = kAux;
        b.deadSteps = deadSteps; b.fireThreshold = fireThreshold; b.resampleEvery = resampleEvery;
        b.learningRate = learningRate; b.batchSize = batchSize; b.epochs = epochs; b.seed = seed;
        b.batchOrder = batchOrder; b.decode = decode; b.logEvery = logEvery; b.maxBadBatches = maxBadBatches;
        return b;
    }

    public static final class Builder {
        private List<StreamInfo> streams;
        private int latentSize = 8192;
        private int k = 64;
        private TopKMode topK = TopKMode.GLOBAL;
        private double lambda = 1.0;
        private double alpha = 1.0 / 32;
        /** Null: the official 64, capped at latent_size so small test models stay valid. */
        private Integer kAux;
        private int deadSteps = 1000;
        private double fireThreshold = 1e-3;
        private int resampleEvery = 100;
        private double learningRate = 1e-4;
        private int batchSize = 256;
        private int epochs = 50;
        private long seed = 42;
        private BatchOrder batchOrder = BatchOrder.CONTIGUOUS;
        private DecodeMode decode = DecodeMode.SPARSE;
        private int logEvery = 50;
        private int maxBadBatches = 10;

        private Builder(List<StreamInfo> streams) { this.streams = streams; }

        public Builder streams(List<StreamInfo> v) { streams = v; return this; }
        public Builder latentSize(int v) { latentSize = v; return this; }
        public Builder k(int v) { k = v; return this; }
        public Builder topK(TopKMode v) { topK = v; return this; }
        public Builder lambda(double v) { lambda = v; return this; }
        public Builder alpha(double v) { alpha = v; return this; }
        public Builder kAux(int v) { kAux = v; return this; }
        public Builder defaultKAux() { kAux = null; return this; }
        public Builder deadSteps(int v) { deadSteps = v; return this; }
        public Builder fireThreshold(double v) { fireThreshold = v; return this; }
        public Builder resampleEvery(int v) { resampleEvery = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder batchOrder(BatchOrder v) { batchOrder = v; return this; }
        public Builder decode(DecodeMode v) { decode = v; return this; }
        public Builder logEvery(int v) { logEvery = v; return this; }
        public Builder maxBadBatches(int v) { maxBadBatches = v; return this; }

        public SparcConfig build() {
            int kAuxValue = kAux != null ? kAux : Math.min(64, latentSize);
            return new SparcConfig(streams, latentSize, k, topK, lambda, alpha, kAuxValue, deadSteps, fireThreshold,
                    resampleEvery, learningRate, batchSize, epochs, seed, batchOrder, decode, logEvery, maxBadBatches);
        }
    }
}
