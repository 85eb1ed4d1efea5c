package org.sparcj.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.model.InputScaling;
import org.sparcj.model.LatentCodes;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.SparseCodes;

/**
 * Runs the SPARC evaluation (docs/METHOD.md, Metrics: which encoding) over an analysis set in one streaming pass of
 * batches. Dead latents, activation patterns, Jaccard, concepts, probes and the NMSE matrix use the
 * model's joint encoding (its trained selection mode); retrieval encodes every stream on its own,
 * since Global selection would see both members of a pair. Only what each metric needs is kept:
 * alive flags, sparse class counts or bounded top-N heaps, and sparse codes (in mapped files) for the
 * probes and retrieval. The dense features of the (capped) dense-retrieval and MLP subsets are read again
 * from the dataset after the pass, each when its metric runs, so the pass holds no dense rows.
 */
public final class SparcEvaluator {
    private final EvalConfig config;

    public SparcEvaluator(EvalConfig config) {
        if (config == null) throw new IllegalArgumentException("eval config must not be null");
        this.config = config;
    }

    public EvalConfig config() {
        return config;
    }

    /**
     * @param rows    analysis rows of {@code data} (e.g. the test split), in the order to analyse
     * @param labels  per dataset row labels, or null: label metrics (Jaccard, concepts, probes) are skipped
     */
    public EvaluationReport evaluate(SparseAutoencoder model, MultiStreamDataset data, long[] rows, SampleLabels labels) {
        List<StreamInfo> streams = checkInputs(model, data, rows, labels);
        int m = streams.size();
        int n = rows.length;
        int latents = model.latentSize();
        List<String> names = streams.stream().map(StreamInfo::name).toList();
        int[] dims = streams.stream().mapToInt(StreamInfo::dim).toArray();
        Map<String, Double> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();

        int[][] labelsAt = labels == null ? null : labelsAt(labels, rows);
        boolean withLabels = labelsAt != null;
        // concepts and probes may see the classes lifted to one depth; the Jaccard lifts on its own
        int[][] classesAt = withLabels && config.labelDepth() > 0 ? lift(labelsAt, labels.taxonomy(), config.labelDepth())
                : labelsAt;
        boolean[][] alive = new boolean[m][latents];
        ClassCounts counts = withLabels && config.jaccard() && config.jaccardTopN() == 0
                ? new ClassCounts(m, latents, labels.taxonomy().size()) : null;
        TopActivations jaccardTop = withLabels && config.jaccard() && config.jaccardTopN() > 0
                ? new TopActivations(m, latents, config.jaccardTopN()) : null;
        TopActivations conceptTop = withLabels && config.concepts() ? new TopActivations(m, latents, config.conceptTopN()) : null;
        // joint codes of every position: the probes, and the attribution selectivity of the concepts
        boolean keepJoint = withLabels && (config.probes1d() || config.probesLinear() || config.concepts());
        NmseMatrix.Accumulator nmse = config.nmse() ? new NmseMatrix.Accumulator(names, dims) : null;

        int[] retrievalSlot = config.retrieval() ? subsetSlots(n, config.retrievalMaxRows(), config.seed()) : null;
        int retrievalRows = retrievalSlot == null ? 0 : count(retrievalSlot);
        // the dense families' gallery: a subset of the latent gallery's slots (its features are read again after the pass)
        int[] denseSlot = config.retrieval() ? subsetSlots(retrievalRows, config.retrievalDenseMaxRows(), config.seed() + 2) : null;

        boolean mlp = withLabels && config.probesMlp();
        int[] mlpSlot = mlp ? subsetSlots(n, config.mlpMaxRows(), config.seed() + 1) : null;
        int mlpRows = mlp ? count(mlpSlot) : 0;
        // the codes kept for the metrics, in mapped files: room for all of them is checked before the pass
        MappedCodes.requireRoom(config.codesPath(), MappedCodes.bytes(m, keepJoint ? n : 0, model.k())
                + MappedCodes.bytes(m, retrievalRows, model.k()) + MappedCodes.bytes(m, mlpRows, model.k()));
        MappedCodes probeCodes = keepJoint ? new MappedCodes(config.codesPath(), m, n, model.k()) : null;
        MappedCodes retrievalCodes = config.retrieval() ? new MappedCodes(config.codesPath(), m, retrievalRows, model.k()) : null;
        MappedCodes mlpCodes = mlp ? new MappedCodes(config.codesPath(), m, mlpRows, model.k()) : null;

        for (int b0 = 0; b0 < n; b0 += config.batchSize()) {
            int b1 = Math.min(n, b0 + config.batchSize());
            int nb = b1 - b0;
            long[] batchRows = Arrays.copyOfRange(rows, b0, b1);
            float[][] raw = data.readBatch(batchRows);
            float[][] unit = new float[m][];
            // The model's input scaling (reconstructions live in that space): the NMSE targets are what the
            // model was asked to reconstruct.
            for (int s = 0; s < m; s++) unit[s] = InputScaling.unitNorm(raw[s], nb, dims[s]);
            // Retrieval needs every stream's own codes too: one encodeBoth computes the logits once for both.
            boolean anyRetrieval = false;
            if (retrievalSlot != null) for (int i = 0; i < nb && !anyRetrieval; i++) anyRetrieval = retrievalSlot[b0 + i] >= 0;
            SparseAutoencoder.Encodings encoded = anyRetrieval ? model.encodeBoth(raw, nb) : null;
            SparseCodes[] joint = encoded != null ? encoded.joint() : model.encodeJoint(raw, nb);
            checkCodes(joint, m, nb, "encodeJoint");
            if (encoded != null) checkCodes(encoded.own(), m, nb, "encodeBoth");
            for (int s = 0; s < m; s++) {
                SparseCodes z = joint[s];
                for (int i = 0; i < nb; i++) {
                    int p = b0 + i;
                    int[] ls = withLabels ? labelsAt[p] : null;
                    for (int e = 0; e < z.k(); e++) {
                        float v = z.value(i, e);
                        if (v == 0f) continue;
                        int j = z.index(i, e);
                        alive[s][j] = true;
                        if (counts != null) counts.add(s, j, ls);
                        if (jaccardTop != null && ls.length > 0) jaccardTop.offer(s, j, v, p);
                        if (conceptTop != null) conceptTop.offer(s, j, v, p);
                    }
                }
                if (probeCodes != null) probeCodes.put(s, b0, z, 0, nb);
            }
            if (nmse != null)
                for (int s = 0; s < m; s++)
                    for (int t = 0; t < m; t++) nmse.add(s, t, model.decode(t, joint[s]), unit[t], nb);
            if (mlp) keepRows(joint, mlpSlot, b0, nb, mlpCodes);
            if (anyRetrieval) keepRows(encoded.own(), retrievalSlot, b0, nb, retrievalCodes);
        }
        timings.put("pass", seconds(t0));

        DeadLatents dead = DeadLatents.of(names, alive);
        ActivationPatterns patterns = ActivationPatterns.of(names, alive);

        HierarchicalJaccard jaccard = null;
        long t = System.nanoTime();
        if (jaccardTop != null) {
            counts = new ClassCounts(m, latents, labels.taxonomy().size());
            for (int s = 0; s < m; s++)
                for (int j = 0; j < latents; j++)
                    for (int p : jaccardTop.members(s, j)) counts.add(s, j, labelsAt[p]);
        }
        if (counts != null) {
            jaccard = HierarchicalJaccard.compute(counts, labels.taxonomy());
            timings.put("jaccard", seconds(t));
        }
        // done with: the metrics after this one hold their own subsets, so the heap need not hold both
        jaccardTop = null;
        counts = null;

        ConceptAssignment concepts = null;
        if (conceptTop != null) {
            t = System.nanoTime();
            concepts = ConceptAssignment.compute(names, conceptTop, classesAt, config.purityThreshold(),
                    config.conceptMaxLatents(), probeCodes.streams());
            timings.put("concepts", seconds(t));
        }
        conceptTop = null;

        DecoderCoherence coherence = null;
        if (concepts != null && config.decoderCoherence()) {
            t = System.nanoTime();
            coherence = DecoderCoherence.compute(names, DecoderDirections.of(model), concepts.concept());
            timings.put("decoder_coherence", seconds(t));
        }

        OneDimProbe probe1d = null;
        if (probeCodes != null && config.probes1d()) {
            t = System.nanoTime();
            probe1d = OneDimProbe.compute(names, probeCodes.streams(), classesAt, latents, config);
            timings.put("probe1d", seconds(t));
        }

        LinearProbes probeLinear = null;
        if (probeCodes != null && config.probesLinear()) {
            t = System.nanoTime();
            probeLinear = LinearProbes.compute(names, probeCodes.streams(), classesAt, latents, config);
            timings.put("probe_linear", seconds(t));
        }

        MlpProbe probeMlp = null;
        if (mlp) {
            t = System.nanoTime();
            probeMlp = mlpProbe(model, data, rows, names, dims, latents, mlpSlot, mlpRows, classesAt, mlpCodes.streams());
            timings.put("probe_mlp", seconds(t));
        }

        Retrieval retrieval = null;
        if (retrievalSlot != null) {
            List<Retrieval.Entry> entries = new ArrayList<>();
            t = System.nanoTime();
            LatentCodes[] codes = retrievalCodes.streams();
            latentRetrieval(names, latents, codes, entries);
            timings.put("retrieval_latent", seconds(t));
            t = System.nanoTime();
            // the dense families' rows: a subset of the latent gallery's
            long[] denseRows = subsetRows(subsetRows(rows, retrievalSlot), denseSlot);
            denseRetrieval(model, names, dims, subset(codes, denseSlot), unitRows(data, denseRows, dims), entries);
            timings.put("retrieval_dense", seconds(t));
            retrieval = new Retrieval(List.copyOf(entries));
        }
        timings.put("total", seconds(t0));
        return new EvaluationReport(names, latents, n, dead, patterns, jaccard, concepts, coherence, probe1d, probeLinear,
                probeMlp, retrieval, nmse == null ? null : nmse.result(), timings);
    }

    private List<StreamInfo> checkInputs(SparseAutoencoder model, MultiStreamDataset data, long[] rows, SampleLabels labels) {
        if (model == null || data == null || rows == null)
            throw new IllegalArgumentException("evaluate: model, data and rows must not be null");
        if (rows.length == 0) throw new IllegalArgumentException("evaluate: no analysis rows");
        List<StreamInfo> ms = model.streams();
        List<StreamInfo> ds = data.streams();
        if (!ms.equals(ds))
            throw new IllegalArgumentException("evaluate: model streams " + ms + " differ from dataset streams " + ds);
        for (long r : rows) {
            if (r < 0 || r >= data.size())
                throw new IllegalArgumentException("evaluate: analysis row " + r + " outside the dataset (size " + data.size() + ")");
            if (labels != null && r >= labels.rows())
                throw new IllegalArgumentException("evaluate: analysis row " + r + " has no labels (labels cover "
                        + labels.rows() + " rows)");
        }
        return ms;
    }

    private static void checkCodes(SparseCodes[] codes, int m, int rows, String what) {
        if (codes.length != m) throw new IllegalStateException(what + " returned " + codes.length + " streams, expected " + m);
        for (SparseCodes c : codes)
            if (c.rows() != rows) throw new IllegalStateException(what + " returned " + c.rows() + " rows, expected " + rows);
    }

    /** Distinct, ascending labels per analysis position. */
    static int[][] labelsAt(SampleLabels labels, long[] rows) {
        int[][] out = new int[rows.length][];
        for (int p = 0; p < rows.length; p++) out[p] = Arrays.stream(labels.labels()[(int) rows[p]]).distinct().sorted().toArray();
        return out;
    }

    /** Every class replaced by its ancestor at {@code depth} (a shallower class stays itself); distinct, ascending. */
    static int[][] lift(int[][] labelsAt, Taxonomy taxonomy, int depth) {
        int[][] out = new int[labelsAt.length][];
        for (int p = 0; p < labelsAt.length; p++) {
            out[p] = Arrays.stream(labelsAt[p]).map(c -> {
                int a = c;
                while (taxonomy.depth(a) > depth) a = taxonomy.parent(a);
                return a;
            }).distinct().sorted().toArray();
        }
        return out;
    }

    /** slot[p] = index of position p in the subset, or -1; the subset is all positions or a seeded random cap. */
    static int[] subsetSlots(int n, int cap, long seed) {
        int[] slot = new int[n];
        if (cap == 0 || cap >= n) {
            for (int p = 0; p < n; p++) slot[p] = p;
            return slot;
        }
        int[] perm = new int[n];
        for (int p = 0; p < n; p++) perm[p] = p;
        OneDimProbe.shuffle(perm, new SplittableRandom(seed));
        int[] chosen = Arrays.copyOf(perm, cap);
        Arrays.sort(chosen);
        Arrays.fill(slot, -1);
        for (int i = 0; i < cap; i++) slot[chosen[i]] = i;
        return slot;
    }

    private static int count(int[] slot) {
        int c = 0;
        for (int s : slot) if (s >= 0) c++;
        return c;
    }

    /**
     * The unit-norm features of the given dataset rows, in their order, read batch by batch. The dense
     * retrieval families and the MLP probe read their subsets again after the pass instead of holding them
     * through it: the same numbers (the pass normalises each row the same way), and the heap holds one
     * subset at a time.
     */
    private float[][] unitRows(MultiStreamDataset data, long[] subset, int[] dims) {
        float[][] out = new float[dims.length][];
        for (int s = 0; s < dims.length; s++) out[s] = new float[subset.length * dims[s]];
        for (int b0 = 0; b0 < subset.length; b0 += config.batchSize()) {
            int nb = Math.min(config.batchSize(), subset.length - b0);
            float[][] raw = data.readBatch(Arrays.copyOfRange(subset, b0, b0 + nb));
            for (int s = 0; s < dims.length; s++)
                System.arraycopy(InputScaling.unitNorm(raw[s], nb, dims[s]), 0, out[s], b0 * dims[s], nb * dims[s]);
        }
        return out;
    }

    /** The dataset rows of a subset, in slot order (slot[p] = index of analysis position p in it, or -1). */
    private static long[] subsetRows(long[] rows, int[] slot) {
        long[] out = new long[count(slot)];
        for (int p = 0; p < slot.length; p++) if (slot[p] >= 0) out[slot[p]] = rows[p];
        return out;
    }

    /** The codes of a batch's rows that are in a subset (slot[p] = index of position p in it, or -1). */
    private static void keepRows(SparseCodes[] codes, int[] slot, int b0, int nb, MappedCodes into) {
        for (int s = 0; s < codes.length; s++)
            for (int i = 0; i < nb; i++)
                if (slot[b0 + i] >= 0) into.put(s, slot[b0 + i], codes[s], i, 1);
    }

    private static void latentRetrieval(List<String> names, int latents, LatentCodes[] codes, List<Retrieval.Entry> entries) {
        int m = names.size();
        int[][][] ranks = new int[m][m][];
        for (int s = 0; s < m; s++)
            for (int t = s + 1; t < m; t++) {
                int[][] both = Retrieval.ranksSparseBothWays(codes[s], codes[t], latents);
                ranks[s][t] = both[0];
                ranks[t][s] = both[1];
            }
        for (int s = 0; s < m; s++)
            for (int t = 0; t < m; t++)
                if (s != t) entries.add(new Retrieval.Entry("latent", names.get(s), names.get(t), RankStats.of(ranks[s][t])));
    }

    /** {@code x}: the subset's unit-norm features, normalised again in place for the cosine (no copies kept). */
    private void denseRetrieval(SparseAutoencoder model, List<String> names, int[] dims, LatentCodes[] codes,
                                float[][] x, List<Retrieval.Entry> entries) {
        int m = names.size();
        int n = codes[0].rows();
        for (int t = 0; t < m; t++) Retrieval.normalise(x[t], n, dims[t]);
        for (int s = 0; s < m; s++) {
            for (int t = 0; t < m; t++) {
                float[] recon = Retrieval.normalise(decodeAll(model, t, codes[s], dims[t]), n, dims[t]);
                entries.add(new Retrieval.Entry(s == t ? "self" : "cross", names.get(s), names.get(t),
                        RankStats.of(Retrieval.ranksUnit(recon, x[t], n, dims[t]))));
            }
        }
        // raw baseline: only between streams of the same width (e.g. CLIP image and text)
        for (int s = 0; s < m; s++)
            for (int t = 0; t < m; t++)
                if (s != t && dims[s] == dims[t]) entries.add(new Retrieval.Entry("raw", names.get(s), names.get(t),
                        RankStats.of(Retrieval.ranksUnit(x[s], x[t], n, dims[t]))));
    }

    /** The rows of {@code codes} whose slot is not -1, in slot order (a view: nothing is copied). */
    private static LatentCodes[] subset(LatentCodes[] codes, int[] slot) {
        int rows = count(slot);
        if (rows == slot.length) return codes;
        int[] source = new int[rows];
        for (int p = 0; p < slot.length; p++) if (slot[p] >= 0) source[slot[p]] = p;
        LatentCodes[] out = new LatentCodes[codes.length];
        for (int s = 0; s < codes.length; s++) {
            LatentCodes c = codes[s];
            out[s] = new LatentCodes() {
                @Override public int rows() { return rows; }
                @Override public int k() { return c.k(); }
                @Override public int index(int row, int j) { return c.index(source[row], j); }
                @Override public float value(int row, int j) { return c.value(source[row], j); }
            };
        }
        return out;
    }

    private float[] decodeAll(SparseAutoencoder model, int target, LatentCodes codes, int dim) {
        int n = codes.rows();
        float[] out = new float[n * dim];
        for (int b0 = 0; b0 < n; b0 += config.batchSize()) {
            int nb = Math.min(config.batchSize(), n - b0);
            System.arraycopy(model.decode(target, codes.copyRows(b0, nb)), 0, out, b0 * dim, nb * dim);
        }
        return out;
    }

    /**
     * The MLP probe's subset: features read again (raw) and the joint codes decoded into every stream
     * (self, cross), the same numbers the pass had.
     */
    private MlpProbe mlpProbe(SparseAutoencoder model, MultiStreamDataset data, long[] rows, List<String> names, int[] dims,
                              int latents, int[] slot, int subsetSize, int[][] labelsAt, LatentCodes[] codes) {
        int m = names.size();
        int[][] subsetLabels = new int[subsetSize][];
        for (int p = 0; p < slot.length; p++) if (slot[p] >= 0) subsetLabels[slot[p]] = labelsAt[p];
        float[][] x = unitRows(data, subsetRows(rows, slot), dims);
        float[][][] recon = new float[m][m][];
        for (int s = 0; s < m; s++)
            for (int t = 0; t < m; t++) recon[s][t] = decodeAll(model, t, codes[s], dims[t]);
        Map<String, MlpProbe.Features> inputs = new LinkedHashMap<>();
        for (int s = 0; s < m; s++) inputs.put("raw." + names.get(s), MlpProbe.Features.dense(x[s], subsetSize, dims[s]));
        for (int s = 0; s < m; s++) inputs.put("latent." + names.get(s), MlpProbe.Features.sparse(codes[s], latents));
        for (int s = 0; s < m; s++) inputs.put("self." + names.get(s), MlpProbe.Features.dense(recon[s][s], subsetSize, dims[s]));
        for (int s = 0; s < m; s++)
            for (int t = 0; t < m; t++)
                if (s != t) inputs.put("cross." + names.get(s) + "_to_" + names.get(t),
                        MlpProbe.Features.dense(recon[s][t], subsetSize, dims[t]));
        return MlpProbe.compute(inputs, subsetLabels, config);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
