package org.sparcj.eval;

import static org.sparcj.data.settings.Settings.require;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import org.sparcj.data.settings.Key;
import org.sparcj.data.settings.Settings;

/**
 * Settings of one evaluation ({@code sparc.eval}; docs/METHOD.md, Metrics). The defaults follow the
 * official code and live in this module's {@code reference.conf} only; every value is validated here,
 * once, with a message naming the key.
 *
 * @param enabled              false: skip evaluation, log training metrics only
 * @param batchSize            rows read and encoded per batch
 * @param seed                 seeds negatives sampling, probe splits, MLP init and retrieval subsets
 * @param jaccard              run the hierarchical Jaccard (needs labels)
 * @param jaccardTopN          0: count every labelled sample where a latent fires; N: only its top-N labelled samples by activation
 * @param concepts             run concept assignment (needs labels)
 * @param labelDepth           concepts and probes: 0 = the classes as labelled; D = each replaced by its ancestor at depth D
 * @param conceptTopN          samples taken per latent and stream for concept assignment (50)
 * @param purityThreshold      a latent is assigned its dominant class when purity >= this (0.3)
 * @param conceptMaxLatents    0: no cap; N: a concept keeps at most its N purest latents per stream
 * @param probes1d             run the 1-D probe loss (needs labels)
 * @param probeMinPositives    classes with MORE than this many positives are probed (50)
 * @param probeCandidates      candidate latents per class, by co-occurrence on the training part (20)
 * @param probeTrainFraction   stratified split: training part (0.7)
 * @param probeValFraction     stratified split: validation part (0.15); the rest is the test part
 * @param probeL2              L2 penalty 0.5*l2*w^2 on the 1-D probe's weight (1.0 = scikit-learn's default C=1)
 * @param probesLinear         run the linear probes (L1 on the whole code, L2 on the top 1, 4, 16 latents)
 * @param decoderCoherence     measure the decoder coherence of each concept's latents (needs concepts)
 * @param probesMlp            run the MLP classification probe (needs labels; expensive, off by default)
 * @param mlpHidden            hidden width of both MLP layers (256)
 * @param mlpEpochs            MLP epochs (15)
 * @param mlpBatchSize         MLP batch size (64)
 * @param mlpLearningRate      MLP Adam learning rate (1e-3)
 * @param mlpTestFraction      MLP random test part (0.2)
 * @param mlpMaxRows           0: the whole analysis set; N: a seeded random subset of N rows
 * @param retrieval            run retrieval
 * @param retrievalMaxRows     0: the whole analysis set as gallery (official); N: a seeded random subset of N rows
 * @param retrievalDenseMaxRows 0: the dense families (cross, self, raw) use the latent gallery; N: a seeded random
 *                             subset of N of its rows (their cost grows as rows squared times the width)
 * @param nmse                 compute the M x M NMSE matrix
 * @param codesDir             where the sparse codes kept for the metrics live, as memory-mapped files deleted once
 *                             mapped ("" = the system's temporary directory)
 */
public record EvalConfig(
        boolean enabled,
        int batchSize,
        long seed,
        boolean jaccard,
        int jaccardTopN,
        boolean concepts,
        int labelDepth,
        int conceptTopN,
        double purityThreshold,
        int conceptMaxLatents,
        @Key("probes_1d") boolean probes1d,
        int probeMinPositives,
        int probeCandidates,
        double probeTrainFraction,
        double probeValFraction,
        double probeL2,
        boolean probesLinear,
        boolean decoderCoherence,
        boolean probesMlp,
        int mlpHidden,
        int mlpEpochs,
        int mlpBatchSize,
        double mlpLearningRate,
        double mlpTestFraction,
        int mlpMaxRows,
        boolean retrieval,
        int retrievalMaxRows,
        int retrievalDenseMaxRows,
        boolean nmse,
        String codesDir) {

    public EvalConfig {
        require("batch_size", batchSize, batchSize > 0, "> 0");
        require("jaccard_top_n", jaccardTopN, jaccardTopN >= 0, ">= 0 (0 = all samples)");
        require("label_depth", labelDepth, labelDepth >= 0, ">= 0 (0 = the classes as labelled)");
        require("concept_top_n", conceptTopN, conceptTopN > 0, "> 0");
        require("purity_threshold", purityThreshold, purityThreshold >= 0 && purityThreshold <= 1, "in [0, 1]");
        require("concept_max_latents", conceptMaxLatents, conceptMaxLatents >= 0, ">= 0 (0 = no cap)");
        require("probe_min_positives", probeMinPositives, probeMinPositives >= 0, ">= 0");
        require("probe_candidates", probeCandidates, probeCandidates > 0, "> 0");
        require("probe_train_fraction", probeTrainFraction, probeTrainFraction > 0 && probeTrainFraction < 1, "in (0, 1)");
        require("probe_val_fraction", probeValFraction,
                probeValFraction > 0 && probeTrainFraction + probeValFraction < 1, "> 0 and train + val < 1");
        require("probe_l2", probeL2, Double.isFinite(probeL2) && probeL2 > 0, "a finite value > 0");
        require("mlp_hidden", mlpHidden, mlpHidden > 0, "> 0");
        require("mlp_epochs", mlpEpochs, mlpEpochs > 0, "> 0");
        require("mlp_batch_size", mlpBatchSize, mlpBatchSize > 0, "> 0");
        require("mlp_learning_rate", mlpLearningRate, Double.isFinite(mlpLearningRate) && mlpLearningRate > 0, "> 0");
        require("mlp_test_fraction", mlpTestFraction, mlpTestFraction > 0 && mlpTestFraction < 1, "in (0, 1)");
        require("mlp_max_rows", mlpMaxRows, mlpMaxRows >= 0, ">= 0 (0 = all)");
        require("retrieval_max_rows", retrievalMaxRows, retrievalMaxRows >= 0, ">= 0 (0 = all)");
        require("codes_dir", codesDir, codesDir.isEmpty() || writableOrMakeable(codesDir),
                "a writable directory, or one that can be made (\"\" = the system's temporary directory)");
        require("retrieval_dense_max_rows", retrievalDenseMaxRows, retrievalDenseMaxRows >= 0, ">= 0 (0 = the latent gallery)");
    }

    /** This module's {@code reference.conf}: everything on except the (expensive) MLP probe; the whole analysis set as gallery. */
    public static EvalConfig defaults() {
        return Settings.defaults(EvalConfig.class, "sparc.eval", Map.of());
    }

    /** A copy with settings changed, as pairs of config key and value ({@code with("probes_mlp", true)}). */
    public EvalConfig with(Object... keyValues) {
        return Settings.with(this, keyValues);
    }

    /** A writable directory, or a path whose nearest existing ancestor is one (it can be made there). */
    private static boolean writableOrMakeable(String dir) {
        try {
            Path p = Path.of(dir).toAbsolutePath();
            while (p != null && !Files.exists(p)) p = p.getParent();
            return p != null && Files.isDirectory(p) && Files.isWritable(p);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The directory for the codes' mapped files: {@code codes_dir}, or the system's temporary directory. */
    public Path codesPath() {
        return Path.of(codesDir.isEmpty() ? System.getProperty("java.io.tmpdir") : codesDir);
    }
}
