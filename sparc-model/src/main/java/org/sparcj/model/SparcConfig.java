package org.sparcj.model;

import static org.sparcj.data.settings.Settings.require;

import java.util.List;
import java.util.Map;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.settings.Key;
import org.sparcj.data.settings.Settings;
import org.sparcj.data.settings.Supplied;

/**
 * Model and training settings of one SPARC run ({@code sparc.model}). The defaults are the official
 * code's and live in this module's {@code reference.conf} only; {@link Settings} binds them, so a new
 * setting is a record component plus its {@code reference.conf} line. Every value is validated here,
 * once, with a message naming the key (docs/METHOD.md explains each setting's role).
 *
 * @param streams         stream names and input widths, M >= 1 (supplied by the dataset)
 * @param latentSize      L, the shared latent width
 * @param k               latents kept per sample
 * @param topK            LOCAL or GLOBAL selection
 * @param lambda          weight of the mean cross-reconstruction NMSE
 * @param alpha           weight of the AuxK loss
 * @param kAuxSetting     latents AuxK keeps among the dead; 0 = the official 64, capped at L (see {@link #kAux})
 * @param deadSteps       a latent is dead after more than this many steps without firing
 * @param fireThreshold   a latent fired when its activation exceeds this
 * @param resampleEvery   dead latents are re-initialised every this many steps (from step 0)
 * @param learningRate    Adam learning rate
 * @param batchSize       samples per training step
 * @param epochs          passes over the training rows
 * @param seed            seeds initialisation, batch order and re-initialisation
 * @param batchOrder      CONTIGUOUS (official) or SAMPLES
 * @param decode          SPARSE (efficient, default) or DENSE
 * @param logEvery        progress reported to listeners every this many steps
 * @param maxBadBatches   a run fails after this many consecutive NaN/Inf losses
 */
public record SparcConfig(
        @Supplied List<StreamInfo> streams,
        int latentSize,
        int k,
        @Key("topk") TopKMode topK,
        double lambda,
        double alpha,
        @Key("k_aux") int kAuxSetting,
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

    /** The official AuxK width, used when {@code k_aux = 0}. */
    static final int OFFICIAL_K_AUX = 64;

    public SparcConfig {
        streams = List.copyOf(require("streams", streams, streams != null && !streams.isEmpty(), "at least one stream"));
        long distinct = streams.stream().map(StreamInfo::name).distinct().count();
        require("streams", streams, distinct == streams.size(), "distinct stream names");
        require("latent_size", latentSize, latentSize > 0, "> 0");
        require("k", k, k > 0 && k <= latentSize, "1 <= k <= latent_size (" + latentSize + ")");
        require("topk", topK, topK != null, "LOCAL or GLOBAL");
        require("lambda", lambda, Double.isFinite(lambda) && lambda >= 0, "a finite value >= 0");
        require("alpha", alpha, Double.isFinite(alpha) && alpha >= 0, "a finite value >= 0");
        require("k_aux", kAuxSetting, kAuxSetting >= 0 && kAuxSetting <= latentSize,
                "0 (official) or 1 <= k_aux <= latent_size (" + latentSize + ")");
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

    /** The defaults of this module's {@code reference.conf} for a dataset's streams. */
    public static SparcConfig defaults(List<StreamInfo> streams) {
        return Settings.defaults(SparcConfig.class, "sparc.model", Map.of("streams", streams));
    }

    /** A copy with settings changed, as pairs of config key and value ({@code with("k", 16, "lambda", 0)}). */
    public SparcConfig with(Object... keyValues) {
        return Settings.with(this, keyValues);
    }

    /** Latents AuxK keeps: {@code k_aux}, or the official 64 capped at L when it is 0. */
    public int kAux() {
        return kAuxSetting > 0 ? kAuxSetting : Math.min(OFFICIAL_K_AUX, latentSize);
    }

    public int streamCount() {
        return streams.size();
    }

    public int dim(int stream) {
        return streams.get(stream).dim();
    }
}
