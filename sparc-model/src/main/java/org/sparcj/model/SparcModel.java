package org.sparcj.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.StreamInfo;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A SPARC multi-stream sparse autoencoder backed by a TensorFlow graph: training, inference and
 * checkpoints. Not thread-safe; one model per thread.
 *
 * <p>All randomness derives from the config's seed: initialisation from (seed), the batch order of
 * epoch e from (seed, e), the re-initialisation at step t of stream s from (seed, t, s). So the
 * checkpointed step and batch cursor are the whole RNG state, and resuming is exact.
 */
public final class SparcModel implements SparseAutoencoder, AutoCloseable {
    /**
     * Rows per session call when encoding: TensorFlow's buffers for a call (the logits of every stream, [rows x L]
     * each, and their transposes and sum) scale with it; smaller calls cost a little more time each.
     */
    private static final int ENCODE_CHUNK = 256;
    /** Rows per session call when decoding (its buffers, [rows x d], are small). */
    private static final int DECODE_CHUNK = 2048;

    private final SparcConfig config;
    private final SparcGraph g;
    /** Optimiser steps taken (skipped batches excluded), as the official global_step. */
    private long step;
    /** Batches consumed, skipped ones included: position in the deterministic batch sequence. */
    private long batchCursor;
    private long skippedBatches;
    private final DeadLatentCounters deadCounters;
    private volatile boolean stopRequested;
    /**
     * False for a model loaded for inference (its Adam moments never allocated) or whose moments were released
     * after training: two thirds of its weights' memory.
     */
    private boolean optimiserState = true;
    /** Parameters held in read-only file mappings ({@link MappedWeights}): never written again. */
    private final java.util.BitSet mapped = new java.util.BitSet();

    private SparcModel(SparcConfig config, boolean markStages, boolean forInference) {
        this.config = config;
        this.g = new SparcGraph(config, markStages, forInference);
        this.deadCounters = new DeadLatentCounters(config.streamCount(), config.latentSize(), config.deadSteps(), g.selection);
    }

    /** A new model with the official initialisation, seeded by the config. */
    public static SparcModel create(SparcConfig config) {
        return create(config, false);
    }

    /** As {@link #create(SparcConfig)}; with {@code markStages}, the graph records which build step made each op (profiling). */
    static SparcModel create(SparcConfig config, boolean markStages) {
        return initialised(new SparcModel(config, markStages, false), true);
    }

    /**
     * The official initialisation without Adam state, for encoding or evaluating an untrained model (a baseline, a
     * benchmark) in a third of the memory: its moments are never allocated. Like a model loaded for inference, it
     * cannot train or be saved. Its weights equal {@link #create(SparcConfig)}'s.
     */
    public static SparcModel createForInference(SparcConfig config) {
        return initialised(new SparcModel(config, false, true), false);
    }

    private static SparcModel initialised(SparcModel m, boolean optimiserState) {
        m.optimiserState = optimiserState;
        try {
            m.initialise();
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /** Loads a checkpoint written by {@link #saveCheckpoint}; its stored config is used. */
    public static SparcModel loadCheckpoint(Path file) {
        return Checkpoint.read(file, null, true);
    }

    /**
     * Loads a checkpoint and checks that it was written for {@code expected} (every field that
     * changes the math must agree; epochs, log_every, max_bad_batches and decode may differ).
     */
    public static SparcModel loadCheckpoint(Path file, SparcConfig expected) {
        return Checkpoint.read(file, expected, true);
    }

    /**
     * Loads a checkpoint's weights for encoding, decoding and evaluation only: the Adam moments are read
     * (the checksum covers them) but not kept, so the model takes a third of the memory. It cannot train
     * or be saved. {@code expected} as in {@link #loadCheckpoint(Path, SparcConfig)}, or null.
     */
    public static SparcModel loadForInference(Path file, SparcConfig expected) {
        return Checkpoint.read(file, expected, false);
    }

    /**
     * A model with a checkpoint's counters and positions whose variables {@link Checkpoint} then assigns one at a
     * time (the parameters, and the Adam moments only with {@code optimiserState}), so no more than one variable is
     * ever held on the heap. The caller closes it when reading the variables fails.
     */
    static SparcModel restoring(SparcConfig config, long step, long cursor, long skipped, int[][] counters,
                                boolean optimiserState) {
        SparcModel m = new SparcModel(config, false, !optimiserState);
        try {
            m.step = step;
            m.batchCursor = cursor;
            m.skippedBatches = skipped;
            for (int s = 0; s < counters.length; s++)
                System.arraycopy(counters[s], 0, m.deadCounters.counts()[s], 0, counters[s].length);
            m.optimiserState = optimiserState;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    public SparcConfig config() { return config; }

    public long step() { return step; }

    public long skippedBatches() { return skippedBatches; }

    /** Asks a running {@link #train} to stop after the current step (e.g. from a shutdown hook). */
    public void requestStop() { stopRequested = true; }

    @Override
    public List<StreamInfo> streams() { return config.streams(); }

    @Override
    public int latentSize() { return config.latentSize(); }

    @Override
    public int k() { return config.k(); }

    /** Writes weights, Adam state, counters, step and config atomically (temp file, then rename). */
    public void saveCheckpoint(Path file) {
        requireOptimiserState("saved");
        Checkpoint.write(file, this);
    }

    /**
     * Frees the Adam moments (two thirds of the model's memory) once training is over, e.g. before a long
     * evaluation. Afterwards the model encodes, decodes and exports as before but cannot train or be saved:
     * save the checkpoint first.
     */
    public void releaseOptimiserState() {
        if (!optimiserState) return;
        g.session.runner().addTarget(g.adam.release).run().close();
        optimiserState = false;
    }

    private void requireOptimiserState(String what) {
        if (!optimiserState) throw new IllegalStateException("this model has no Adam state (loaded for inference, created for inference, or "
                + "released after training): it cannot be " + what + "; load it with loadCheckpoint");
    }

    // ------------------------------------------------------------------------------------------
    // Training

    /** Steps per epoch for {@code rows} training rows. */
    public long stepsPerEpoch(int rows) {
        return (rows + config.batchSize() - 1) / config.batchSize();
    }

    /** Trains from the current position to the end of the configured epochs. */
    public TrainingResult train(MultiStreamDataset data, long[] rows, TrainingListener listener) {
        return train(data, rows, listener, Long.MAX_VALUE);
    }

    /**
     * Trains until the configured epochs are done or {@code untilBatch} batches (a global batch
     * position, skipped batches included) have been consumed, whichever comes first.
     */
    public TrainingResult train(MultiStreamDataset data, long[] rows, TrainingListener listener, long untilBatch) {
        requireOptimiserState("trained");
        checkDataset(data);
        if (rows.length == 0) throw new IllegalArgumentException("no training rows");
        stopRequested = false;
        int n = rows.length;
        long perEpoch = stepsPerEpoch(n);
        long totalBatches = perEpoch * config.epochs();
        long end = Math.min(totalBatches, untilBatch);
        int consecutiveBad = 0;
        TrainingProgress last = null;
        int[] order = null;
        long orderEpoch = -1;
        long started = System.nanoTime();
        while (batchCursor < end && !stopRequested) {
            long epoch = batchCursor / perEpoch;
            int inEpoch = (int) (batchCursor % perEpoch);
            if (epoch != orderEpoch) {
                order = BatchSchedule.order(config.batchOrder(), n, config.batchSize(), config.seed(), epoch);
                orderEpoch = epoch;
            }
            long[] batchRows = BatchSchedule.batchRows(config.batchOrder(), order, rows, config.batchSize(), inEpoch);
            float[][] xs = readScaled(data, batchRows);
            StepOutcome out = trainStep(xs, batchRows.length);
            batchCursor++;
            if (!out.finite) {
                skippedBatches++;
                listener.onSkippedBatch(step, batchCursor - 1, batchRows);
                consecutiveBad++;
                if (consecutiveBad >= config.maxBadBatches())
                    throw new NonFiniteLossException("training stopped at step " + step + " (batch " + (batchCursor - 1)
                            + "): " + consecutiveBad + " consecutive batches had a NaN or infinite loss (max_bad_batches = "
                            + config.maxBadBatches() + ")");
                continue;
            }
            consecutiveBad = 0;
            if (step % config.resampleEvery() == 0) reinitialiseDead();
            step++;
            last = progress(out, totalBatches, perEpoch);
            if (step % config.logEvery() == 0) listener.onProgress(last);
        }
        if (last != null && step % config.logEvery() != 0) listener.onProgress(last);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new TrainingResult(step, batchCursor, skippedBatches, batchCursor >= totalBatches, last, seconds);
    }

    private TrainingProgress progress(StepOutcome out, long totalBatches, long perEpoch) {
        double[] dead = new double[config.streamCount()];
        for (int s = 0; s < dead.length; s++) dead[s] = deadCount(s) / (double) config.latentSize();
        int epoch = (int) ((batchCursor - 1) / perEpoch);
        return new TrainingProgress(step, totalBatches - skippedBatches, epoch, out.loss, out.self, out.cross, out.aux,
                dead, skippedBatches);
    }

    /** Latents of {@code stream} currently dead: more than dead_steps steps without firing. */
    public int deadCount(int stream) {
        return deadCounters.deadCount(stream);
    }

    record StepOutcome(boolean finite, double loss, double self, double cross, double aux) {
    }

    /** One optimiser step on a batch of unit-norm inputs; updates the dead-latent counters. */
    StepOutcome trainStep(float[][] xs, int rows) {
        return trainStep(xs, rows, null);
    }

    /**
     * As {@link #trainStep(float[][], int)}; with a non-null {@code profile}, TensorFlow traces the step
     * and the map receives microseconds per op (node name, summed over devices).
     */
    StepOutcome trainStep(float[][] xs, int rows, java.util.Map<String, Long> profile) {
        requireOptimiserState("trained");
        long t = step + 1;
        List<Tensor> owned = new java.util.ArrayList<>();
        try {
            Session.Runner r = g.session.runner();
            feedInputs(r, xs, rows, owned);
            TrainingStep ops = feedDeadCandidates(r, owned);
            r.feed(g.adam.stepSize, own(owned, TFloat32.scalarOf(Adam.stepSize(config.learningRate(), t))));
            r.feed(g.adam.epsilonHat, own(owned, TFloat32.scalarOf(Adam.epsilonHat(t))));
            r.addTarget(ops.step());
            r.fetch(ops.finite()).fetch(ops.loss()).fetch(g.loss.self).fetch(g.loss.cross).fetch(ops.auxLoss());
            for (var f : g.deadLatents.fired) r.fetch(f);
            if (profile != null)
                r.setOptions(org.tensorflow.proto.RunOptions.newBuilder()
                        .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build());
            try (Result res = profile != null ? r.runAndFetchMetadata() : r.run()) {
                if (profile != null) res.getMetadata().ifPresent(md -> {
                    for (var dev : md.getStepStats().getDevStatsList())
                        for (var node : dev.getNodeStatsList())
                            profile.merge(node.getNodeName(), node.getOpEndRelMicros() - node.getOpStartRelMicros(), Long::sum);
                });
                boolean finite = ((TBool) res.get(0)).getBoolean();
                double loss = scalar(res.get(1)), self = scalar(res.get(2)), cross = scalar(res.get(3)), aux = scalar(res.get(4));
                float[] firedS = new float[config.latentSize()];
                for (int s = 0; s < config.streamCount(); s++) {
                    read((TFloat32) res.get(5 + s), firedS);
                    // As the official forward pass: counters advance even on a batch that is then skipped.
                    deadCounters.advance(s, firedS);
                }
                return new StepOutcome(finite, loss, self, cross, aux);
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    /** Official re-initialisation: dead latents of each stream get encoder rows ~ N(0, 0.01^2), bias 0, counter 0. */
    private void reinitialiseDead() {
        for (int s = 0; s < config.streamCount(); s++) {
            int[] dead = deadCounters.dead(s);
            if (dead.length == 0) continue;
            int d = config.dim(s);
            float[] rowsV = DeadLatentCounters.encoderRows(config.seed(), step, s, dead.length, d);
            try (TInt32 idx = TInt32.vectorOf(dead);
                 TFloat32 rows = TFloat32.tensorOf(Shape.of(dead.length, d), DataBuffers.of(rowsV, true, false))) {
                g.session.runner().feed(g.deadLatents.reinitIndices.get(s), idx).feed(g.deadLatents.reinitRows.get(s), rows)
                        .addTarget(g.deadLatents.reinitOps.get(s)).run().close();
            }
            deadCounters.reset(s, dead);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Inference

    @Override
    public SparseCodes encode(int stream, float[] x, int rows) {
        checkStream(stream);
        checkRows(x, rows, config.dim(stream), "x");
        int k = config.k();
        int[] idx = new int[rows * k];
        float[] val = new float[rows * k];
        for (int from = 0; from < rows; from += ENCODE_CHUNK) {
            int n = Math.min(ENCODE_CHUNK, rows - from);
            float[] chunk = InputScaling.unitNorm(Arrays.copyOfRange(x, from * config.dim(stream), (from + n) * config.dim(stream)),
                    n, config.dim(stream));
            try (TFloat32 in = matrix(chunk, n, config.dim(stream));
                 Result res = g.session.runner().feed(g.x.get(stream), in)
                         .fetch(g.kept.ownIndices.get(stream)).fetch(g.kept.ownValues.get(stream)).run()) {
                readInts((TInt32) res.get(0), idx, from * k, n * k);
                readFloats((TFloat32) res.get(1), val, from * k, n * k);
            }
        }
        return new SparseCodes(rows, k, idx, val);
    }

    @Override
    public SparseCodes[] encodeJoint(float[][] xs, int rows) {
        return encodeStreams(xs, rows, false).joint();
    }

    /** One session run per chunk fetches both selections: the logits are computed once for the two. */
    @Override
    public Encodings encodeBoth(float[][] xs, int rows) {
        return encodeStreams(xs, rows, true);
    }

    /** The joint codes of every stream and, with {@code withOwn}, each stream's own codes (else null). */
    private Encodings encodeStreams(float[][] xs, int rows, boolean withOwn) {
        if (xs.length != config.streamCount())
            throw new IllegalArgumentException("encodeJoint: expected " + config.streamCount() + " streams, got " + xs.length);
        for (int s = 0; s < xs.length; s++) checkRows(xs[s], rows, config.dim(s), "stream " + streams().get(s).name());
        int k = config.k(), m = config.streamCount();
        int[][][] idx = new int[withOwn ? 2 : 1][m][rows * k];
        float[][][] val = new float[withOwn ? 2 : 1][m][rows * k];
        for (int from = 0; from < rows; from += ENCODE_CHUNK) {
            int n = Math.min(ENCODE_CHUNK, rows - from);
            List<Tensor> owned = new java.util.ArrayList<>();
            try {
                Session.Runner r = g.session.runner();
                for (int s = 0; s < m; s++) {
                    int d = config.dim(s);
                    float[] chunk = InputScaling.unitNorm(Arrays.copyOfRange(xs[s], from * d, (from + n) * d), n, d);
                    r.feed(g.x.get(s), own(owned, matrix(chunk, n, d)));
                }
                // Outputs that are the same tensor (GLOBAL's shared indices; LOCAL's joint = own) are fetched
                // once: a run fetches each output once.
                List<Operand<?>> fetched = new java.util.ArrayList<>();
                int[][] idxAt = new int[idx.length][m], valAt = new int[idx.length][m];
                for (int s = 0; s < m; s++) {
                    idxAt[0][s] = fetchOnce(r, fetched, g.kept.indices.get(s));
                    valAt[0][s] = fetchOnce(r, fetched, g.kept.values.get(s));
                    if (!withOwn) continue;
                    idxAt[1][s] = fetchOnce(r, fetched, g.kept.ownIndices.get(s));
                    valAt[1][s] = fetchOnce(r, fetched, g.kept.ownValues.get(s));
                }
                try (Result res = r.run()) {
                    for (int e = 0; e < idx.length; e++)
                        for (int s = 0; s < m; s++) {
                            readInts((TInt32) res.get(idxAt[e][s]), idx[e][s], from * k, n * k);
                            readFloats((TFloat32) res.get(valAt[e][s]), val[e][s], from * k, n * k);
                        }
                }
            } finally {
                owned.forEach(Tensor::close);
            }
        }
        SparseCodes[][] out = new SparseCodes[idx.length][m];
        for (int e = 0; e < idx.length; e++)
            for (int s = 0; s < m; s++) out[e][s] = new SparseCodes(rows, k, idx[e][s], val[e][s]);
        return new Encodings(out[0], withOwn ? out[1] : null);
    }

    @Override
    public float[] decode(int target, SparseCodes codes) {
        checkStream(target);
        int d = config.dim(target), k = codes.k();
        float[] out = new float[codes.rows() * d];
        for (int from = 0; from < codes.rows(); from += DECODE_CHUNK) {
            int n = Math.min(DECODE_CHUNK, codes.rows() - from);
            try (TInt32 idx = TInt32.tensorOf(Shape.of(n, k), DataBuffers.of(Arrays.copyOfRange(codes.indices(), from * k, (from + n) * k), true, false));
                 TFloat32 val = matrix(Arrays.copyOfRange(codes.values(), from * k, (from + n) * k), n, k);
                 Result res = g.session.runner().feed(g.codeIndices, idx).feed(g.codeValues, val)
                         .fetch(g.decoded.get(target)).run()) {
                readFloats((TFloat32) res.get(0), out, from * d, n * d);
            }
        }
        return out;
    }

    /** Copies of every stream's parameters and dead-latent counter, in stream order. */
    public List<StreamParameters> parameters() {
        Session.Runner r = g.session.runner();
        for (var v : g.parameters.all) r.fetch(v);
        List<StreamParameters> out = new java.util.ArrayList<>();
        try (Result res = r.run()) {
            // Per stream, in SparcParameters order: enc, lat_bias, dec, pre_bias.
            for (int s = 0; s < config.streamCount(); s++)
                out.add(new StreamParameters(streams().get(s), toArray((TFloat32) res.get(4 * s)), toArray((TFloat32) res.get(4 * s + 1)),
                        toArray((TFloat32) res.get(4 * s + 2)), toArray((TFloat32) res.get(4 * s + 3)), deadCounters.counts()[s].clone()));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Parameters (package-private: checkpoints and tests)

    List<String> variableNames() {
        List<String> names = new java.util.ArrayList<>(g.parameters.names);
        for (String p : g.parameters.names) names.add(p + "_adam_m");
        for (String p : g.parameters.names) names.add(p + "_adam_v");
        return names;
    }

    /** Values of all variables (params, Adam m, Adam v) in {@link #variableNames()} order (tests). */
    float[][] readAll() {
        float[][] out = new float[g.variables.all.size()][];
        for (int i = 0; i < out.length; i++) out[i] = read(i);
        return out;
    }

    /** One variable's values: checkpoints stream the variables one by one instead of holding them all. */
    float[] read(int variable) {
        try (Result res = g.session.runner().fetch(g.variables.all.get(variable)).run()) {
            return toArray((TFloat32) res.get(0));
        }
    }

    int variableCount() { return g.variables.all.size(); }

    long variableSize(int variable) { return g.variables.all.get(variable).shape().size(); }

    void assign(int variable, float[] value) {
        if (mapped.get(variable))
            throw new IllegalStateException("variable " + variableNames().get(variable) + " is a read-only mapping (a model for inference)");
        Shape shape = g.variables.all.get(variable).shape();
        if (value.length != shape.size())
            throw new IllegalArgumentException("variable " + variableNames().get(variable) + ": expected " + shape.size()
                    + " values (shape " + shape + "), got " + value.length);
        try (TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(value, true, false))) {
            g.session.runner().feed(g.variables.assignValue.get(variable), t).addTarget(g.variables.assignOp.get(variable)).run().close();
        }
    }

    int parameterCount() { return g.parameters.all.size(); }

    /**
     * For a model that only runs forward, where its larger parameters go ({@link MappedWeights}); null for a
     * model that trains, or when they stay in memory.
     */
    MappedWeights weightMapping() {
        if (optimiserState) return null;
        long bytes = 0;
        for (int i = 0; i < parameterCount(); i++) if (mappable(i)) bytes += variableSize(i) * Float.BYTES;
        return bytes == 0 ? null : MappedWeights.inTempDir(bytes);
    }

    boolean mappable(int parameter) { return variableSize(parameter) * Float.BYTES >= MappedWeights.MIN_BYTES; }

    /** Parameter i from {@code in}'s next little-endian floats, mapped. */
    void mapParameter(int parameter, MappedWeights to, java.io.InputStream in) throws java.io.IOException {
        requireUnmapped(parameter);
        to.map(g, parameter, in, variableSize(parameter) * Float.BYTES);
        mapped.set(parameter);
    }

    /** Parameter i set to {@code value}: mapped when {@code to} is given and it is large enough, else assigned. */
    private void putParameter(int parameter, float[] value, MappedWeights to) {
        if (to == null || !mappable(parameter)) {
            assign(parameter, value);
            return;
        }
        requireUnmapped(parameter);
        try {
            to.map(g, parameter, value);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // The values are still at hand: this parameter stays in memory instead.
            System.err.println("weights kept in memory, not memory-mapped (" + e.getMessage() + ")");
            assign(parameter, value);
            return;
        }
        mapped.set(parameter);
    }

    /** Mapping a parameter twice would make TensorFlow copy into the first mapping's read-only pages. */
    private void requireUnmapped(int parameter) {
        if (mapped.get(parameter))
            throw new IllegalStateException("variable " + variableNames().get(parameter) + " is already a read-only mapping");
    }

    /** Whether parameter i is held in a read-only file mapping (tests). */
    boolean isMapped(int parameter) { return mapped.get(parameter); }

    int[][] counters() { return deadCounters.counts(); }

    long batchCursor() { return batchCursor; }

    /** {@link StepTiming}'s profile: op types of the graph's nodes. */
    SparcGraph graph() { return g; }

    /** Loss parts and raw gradients (before decoder projection) on unit-norm inputs, without updating. */
    float[][] lossAndGradients(float[][] xs, int rows, float[] lossParts) {
        requireOptimiserState("asked for its gradients");   // a model for inference has no gradient graph
        List<Tensor> owned = new java.util.ArrayList<>();
        try {
            Session.Runner r = g.session.runner();
            feedInputs(r, xs, rows, owned);
            TrainingStep ops = feedDeadCandidates(r, owned);
            r.fetch(ops.loss()).fetch(g.loss.self).fetch(g.loss.cross).fetch(ops.auxLoss());
            for (var grad : ops.gradients()) r.fetch(grad);
            try (Result res = r.run()) {
                for (int i = 0; i < 4; i++) lossParts[i] = (float) scalar(res.get(i));
                float[][] grads = new float[ops.gradients().size()][];
                for (int i = 0; i < grads.length; i++) grads[i] = toArray((TFloat32) res.get(4 + i));
                return grads;
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    // ------------------------------------------------------------------------------------------

    private void initialise() {
        // W_enc ~ U(+-1/sqrt(d)) (PyTorch Linear default); W_dec = W_enc^T with unit-norm latent vectors; biases 0.
        // Assigned a stream at a time and the Adam moments zeroed inside TensorFlow, so the heap never holds more
        // than one stream's weights.
        SplittableRandom rng = new SplittableRandom(config.seed());
        MappedWeights to = weightMapping();
        for (int s = 0; s < config.streamCount(); s++) {
            int d = config.dim(s), l = config.latentSize();
            double bound = 1.0 / Math.sqrt(d);
            float[] enc = new float[l * d];
            for (int i = 0; i < enc.length; i++) enc[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            putParameter(4 * s, enc, to);
            float[] dec = enc;   // normalised in place: the encoder's values are already in TensorFlow (or its file)
            for (int r = 0; r < l; r++) {
                double ss = 0;
                for (int j = 0; j < d; j++) ss += (double) dec[r * d + j] * dec[r * d + j];
                float inv = (float) (1.0 / Math.sqrt(ss));
                for (int j = 0; j < d; j++) dec[r * d + j] *= inv;
            }
            putParameter(4 * s + 1, new float[l], to);
            putParameter(4 * s + 2, dec, to);
            putParameter(4 * s + 3, new float[d], to);
        }
        if (optimiserState) for (Op zero : g.adam.reset) g.session.runner().addTarget(zero).run().close();
    }

    private float[][] readScaled(MultiStreamDataset data, long[] rows) {
        float[][] raw = data.readBatch(rows);
        for (int s = 0; s < raw.length; s++) raw[s] = InputScaling.unitNorm(raw[s], rows.length, config.dim(s));
        return raw;
    }

    /**
     * Feeds each stream's dead-latent candidates (see {@link TopKSelection#candidateLookahead}) and
     * returns the training step to run: the AuxK top-k is needed only when some candidate exists.
     */
    private TrainingStep feedDeadCandidates(Session.Runner r, List<Tensor> owned) {
        boolean any = false;
        for (int s = 0; s < config.streamCount(); s++) {
            float[] cand = new float[config.latentSize()];
            if (deadCounters.candidates(s, cand)) any = true;
            r.feed(g.deadLatents.candidates.get(s), own(owned, TFloat32.vectorOf(cand)));
        }
        return any || forceAuxGraph ? g.withDead : g.noDead;
    }

    /** Tests: run the general AuxK graph even when no latent can be dead. */
    boolean forceAuxGraph;

    private void feedInputs(Session.Runner r, float[][] xs, int rows, List<Tensor> owned) {
        for (int s = 0; s < config.streamCount(); s++) r.feed(g.x.get(s), own(owned, matrix(xs[s], rows, config.dim(s))));
    }

    private void checkDataset(MultiStreamDataset data) {
        if (!data.streams().equals(config.streams()))
            throw new IllegalArgumentException("dataset streams " + data.streams() + " do not match the model's "
                    + config.streams());
    }

    private void checkStream(int s) {
        if (s < 0 || s >= config.streamCount())
            throw new IllegalArgumentException("stream index " + s + " out of range [0, " + config.streamCount() + ")");
    }

    private static void checkRows(float[] x, int rows, int dim, String what) {
        if (x.length < (long) rows * dim)
            throw new IllegalArgumentException(what + ": expected " + rows + " x " + dim + " values, got " + x.length);
    }

    /** Adds {@code out} to the run's fetches unless it is there already; its position among them. */
    private static int fetchOnce(Session.Runner r, List<Operand<?>> fetched, Operand<?> out) {
        for (int i = 0; i < fetched.size(); i++) if (fetched.get(i) == out) return i;
        r.fetch(out);
        fetched.add(out);
        return fetched.size() - 1;
    }

    private static <T extends Tensor> T own(List<Tensor> owned, T t) {
        owned.add(t);
        return t;
    }

    private static TFloat32 matrix(float[] v, int rows, int cols) {
        return TFloat32.tensorOf(Shape.of(rows, cols), DataBuffers.of(v, true, false).narrow((long) rows * cols));
    }

    private static double scalar(Tensor t) {
        return ((TFloat32) t).getFloat();
    }

    private static float[] toArray(TFloat32 t) {
        float[] out = new float[(int) t.shape().size()];
        read(t, out);
        return out;
    }

    private static void read(TFloat32 t, float[] dst) {
        t.copyTo(DataBuffers.of(dst, false, false));
    }

    private static void readFloats(TFloat32 t, float[] dst, int offset, int len) {
        t.copyTo(DataBuffers.of(dst, false, false).offset(offset).narrow(len));
    }

    private static void readInts(TInt32 t, int[] dst, int offset, int len) {
        t.copyTo(DataBuffers.of(dst, false, false).offset(offset).narrow(len));
    }

    @Override
    public void close() {
        g.close();
    }
}
