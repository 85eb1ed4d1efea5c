package org.sparcj.eval;

/**
 * Settings of one evaluation (SPARC.md section 4). Defaults follow the spec / official code; every
 * value is validated here, once, with a message naming the key.
 *
 * @param batchSize            rows read and encoded per batch
 * @param seed                 seeds negatives sampling, probe splits, MLP init and retrieval subsets
 * @param jaccard              run the hierarchical Jaccard (needs labels)
 * @param jaccardTopN          0: count every labelled sample where a latent fires; N: only its top-N labelled samples by activation
 * @param concepts             run concept assignment (needs labels)
 * @param conceptTopN          samples taken per latent and stream for concept assignment (50)
 * @param purityThreshold      a latent is assigned its dominant class when purity >= this (0.3)
 * @param probes1d             run the 1-D probe loss (needs labels)
 * @param probeMinPositives    classes with MORE than this many positives are probed (50)
 * @param probeCandidates      candidate latents per class, by co-occurrence on the training part (20)
 * @param probeTrainFraction   stratified split: training part (0.7)
 * @param probeValFraction     stratified split: validation part (0.15); the rest is the test part
 * @param probeL2              L2 penalty 0.5*l2*w^2 on the 1-D probe's weight (1.0 = scikit-learn's default C=1)
 * @param probesMlp            run the MLP classification probe (needs labels; expensive, off by default)
 * @param mlpHidden            hidden width of both MLP layers (256)
 * @param mlpEpochs            MLP epochs (15)
 * @param mlpBatchSize         MLP batch size (64)
 * @param mlpLearningRate      MLP Adam learning rate (1e-3)
 * @param mlpTestFraction      MLP random test part (0.2)
 * @param mlpMaxRows           0: the whole analysis set; N: a seeded random subset of N rows
 * @param retrieval            run retrieval
 * @param retrievalMaxRows     0: the whole analysis set as gallery (official); N: a seeded random subset of N rows
 * @param nmse                 compute the M x M NMSE matrix
 */
public record EvalConfig(
        int batchSize,
        long seed,
        boolean jaccard,
        int jaccardTopN,
        boolean concepts,
        int conceptTopN,
        double purityThreshold,
        boolean probes1d,
        int probeMinPositives,
        int probeCandidates,
        double probeTrainFraction,
        double probeValFraction,
        double probeL2,
        boolean probesMlp,
        int mlpHidden,
        int mlpEpochs,
        int mlpBatchSize,
        double mlpLearningRate,
        double mlpTestFraction,
        int mlpMaxRows,
        boolean retrieval,
        int retrievalMaxRows,
        boolean nmse) {

    public EvalConfig {
        require("batch_size", batchSize, batchSize > 0, "> 0");
        require("jaccard_top_n", jaccardTopN, jaccardTopN >= 0, ">= 0 (0 = all samples)");
        require("concept_top_n", conceptTopN, conceptTopN > 0, "> 0");
        require("purity_threshold", purityThreshold, purityThreshold >= 0 && purityThreshold <= 1, "in [0, 1]");
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
    }

    private static void require(String key, Object value, boolean ok, String allowed) {
        if (!ok) throw new IllegalArgumentException(
                "invalid eval config: " + key + " = " + value + " (allowed: " + allowed + ")");
    }

    /** The spec's defaults: everything on except the (expensive) MLP probe; whole analysis set as gallery. */
    public static EvalConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.batchSize = batchSize; b.seed = seed; b.jaccard = jaccard; b.jaccardTopN = jaccardTopN;
        b.concepts = concepts; b.conceptTopN = conceptTopN; b.purityThreshold = purityThreshold;
        b.probes1d = probes1d; b.probeMinPositives = probeMinPositives; b.probeCandidates = probeCandidates;
        b.probeTrainFraction = probeTrainFraction; b.probeValFraction = probeValFraction; b.probeL2 = probeL2;
        b.probesMlp = probesMlp; b.mlpHidden = mlpHidden; b.mlpEpochs = mlpEpochs; b.mlpBatchSize = mlpBatchSize;
        b.mlpLearningRate = mlpLearningRate; b.mlpTestFraction = mlpTestFraction; b.mlpMaxRows = mlpMaxRows;
        b.retrieval = retrieval; b.retrievalMaxRows = retrievalMaxRows; b.nmse = nmse;
        return b;
    }

    public static final class Builder {
        private int batchSize = 1024;
        private long seed = 42;
        private boolean jaccard = true;
        private int jaccardTopN = 0;
        private boolean concepts = true;
        private int conceptTopN = 50;
        private double purityThreshold = 0.3;
        private boolean probes1d = true;
        private int probeMinPositives = 50;
        private int probeCandidates = 20;
        private double probeTrainFraction = 0.7;
        private double probeValFraction = 0.15;
        private double probeL2 = 1.0;
        private boolean probesMlp = false;
        private int mlpHidden = 256;
        private int mlpEpochs = 15;
        private int mlpBatchSize = 64;
        private double mlpLearningRate = 1e-3;
        private double mlpTestFraction = 0.2;
        private int mlpMaxRows = 0;
        private boolean retrieval = true;
        private int retrievalMaxRows = 0;
        private boolean nmse = true;

        private Builder() { }

        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder jaccard(boolean v) { jaccard = v; return this; }
        public Builder jaccardTopN(int v) { jaccardTopN = v; return this; }
        public Builder concepts(boolean v) { concepts = v; return this; }
        public Builder conceptTopN(int v) { conceptTopN = v; return this; }
        public Builder purityThreshold(double v) { purityThreshold = v; return this; }
        public Builder probes1d(boolean v) { probes1d = v; return this; }
        public Builder probeMinPositives(int v) { probeMinPositives = v; return this; }
        public Builder probeCandidates(int v) { probeCandidates = v; return this; }
        public Builder probeTrainFraction(double v) { probeTrainFraction = v; return this; }
        public Builder probeValFraction(double v) { probeValFraction = v; return this; }
        public Builder probeL2(double v) { probeL2 = v; return this; }
        public Builder probesMlp(boolean v) { probesMlp = v; return this; }
        public Builder mlpHidden(int v) { mlpHidden = v; return this; }
        public Builder mlpEpochs(int v) { mlpEpochs = v; return this; }
        public Builder mlpBatchSize(int v) { mlpBatchSize = v; return this; }
        public Builder mlpLearningRate(double v) { mlpLearningRate = v; return this; }
        public Builder mlpTestFraction(double v) { mlpTestFraction = v; return this; }
        public Builder mlpMaxRows(int v) { mlpMaxRows = v; return this; }
        public Builder retrieval(boolean v) { retrieval = v; return this; }
        public Builder retrievalMaxRows(int v) { retrievalMaxRows = v; return this; }
        public Builder nmse(boolean v) { nmse = v; return this; }

        public EvalConfig build() {
            return new EvalConfig(batchSize, seed, jaccard, jaccardTopN, concepts, conceptTopN, purityThreshold,
                    probes1d, probeMinPositives, probeCandidates, probeTrainFraction, probeValFraction, probeL2,
                    probesMlp, mlpHidden, mlpEpochs, mlpBatchSize, mlpLearningRate, mlpTestFraction, mlpMaxRows,
                    retrieval, retrievalMaxRows, nmse);
        }
    }
}
