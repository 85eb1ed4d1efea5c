package org.sparcj.experiments.config;

import com.typesafe.config.Config;
import org.sparcj.eval.EvalConfig;

/**
 * Evaluation settings ({@code sparc.eval}): the one place that maps them onto sparc-eval's
 * {@link EvalConfig} (validated when the experiment config is built).
 *
 * @param enabled false skips evaluation
 * @param config  the evaluation settings
 */
public record EvalSettings(boolean enabled, EvalConfig config) {

    static EvalSettings of(Config c) {
        EvalConfig e = EvalConfig.builder()
                .batchSize(c.getInt("batch_size"))
                .seed(c.getLong("seed"))
                .jaccard(c.getBoolean("jaccard"))
                .jaccardTopN(c.getInt("jaccard_top_n"))
                .concepts(c.getBoolean("concepts"))
                .conceptTopN(c.getInt("concept_top_n"))
                .purityThreshold(c.getDouble("purity_threshold"))
                .probes1d(c.getBoolean("probes_1d"))
                .probeMinPositives(c.getInt("probe_min_positives"))
                .probeCandidates(c.getInt("probe_candidates"))
                .probeTrainFraction(c.getDouble("probe_train_fraction"))
                .probeValFraction(c.getDouble("probe_val_fraction"))
                .probeL2(c.getDouble("probe_l2"))
                .probesMlp(c.getBoolean("probes_mlp"))
                .mlpHidden(c.getInt("mlp_hidden"))
                .mlpEpochs(c.getInt("mlp_epochs"))
                .mlpBatchSize(c.getInt("mlp_batch_size"))
                .mlpLearningRate(c.getDouble("mlp_learning_rate"))
                .mlpTestFraction(c.getDouble("mlp_test_fraction"))
                .mlpMaxRows(c.getInt("mlp_max_rows"))
                .retrieval(c.getBoolean("retrieval"))
                .retrievalMaxRows(c.getInt("retrieval_max_rows"))
                .nmse(c.getBoolean("nmse"))
                .build();
        return new EvalSettings(c.getBoolean("enabled"), e);
    }
}
