package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.EuclideanNorm;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The SPARC TensorFlow graph of one config (SPARC.md sections 1-3): variables, the training step
 * (loss, gradients, decoder unit-norm and gradient projection, PyTorch-exact Adam, NaN guard) and the
 * inference outputs. Layout: encoder and decoder are stored latent-major, [L x d], so selecting latents
 * gathers contiguous rows; {@code enc} is the spec's W_enc transposed.
 */
final class SparcGraph implements AutoCloseable {
    static final float NORM_EPS = 1e-8f;

    final SparcConfig cfg;
    final int streams;
    final int latents;
    final Graph graph = new Graph();
    final Ops tf = Ops.create(graph);
    final Session session;

    // Inputs (already unit-norm scaled by the caller).
    final List<Placeholder<TFloat32>> x = new ArrayList<>();
    // Parameters, per stream.
    final List<Variable<TFloat32>> enc = new ArrayList<>();
    final List<Variable<TFloat32>> latBias = new ArrayList<>();
    final List<Variable<TFloat32>> dec = new ArrayList<>();
    final List<Variable<TFloat32>> preBias = new ArrayList<>();
    /** All parameters in checkpoint order, then Adam's first and second moments in the same order. */
    final List<Variable<TFloat32>> params = new ArrayList<>();
    final List<Variable<TFloat32>> adamM = new ArrayList<>();
    final List<Variable<TFloat32>> adamV = new ArrayList<>();
    final List<String> paramNames = new ArrayList<>();
    /** Assign-from-placeholder pairs for every variable (params, then m, then v). */
    final List<Placeholder<TFloat32>> assignValue = new ArrayList<>();
    final List<Op> assignOp = new ArrayList<>();
    final List<Variable<TFloat32>> allVariables = new ArrayList<>();

    // Training feeds and outputs.
    final List<Placeholder<TFloat32>> deadCandidate = new ArrayList<>();
    /** Adam's bias-corrected step size lr * sqrt(1 - beta2^t) / (1 - beta1^t), computed in double by the caller. */
    final Placeholder<TFloat32> stepSize;
    final Placeholder<TFloat32> epsilonHat;
    final Operand<TFloat32> selfLoss;
    final Operand<TFloat32> crossLoss;
    final List<Operand<TFloat32>> fired = new ArrayList<>();
    /** The step when some stream has a dead-latent candidate, and the cheaper exact one when none has. */
    final TrainOps withDead;
    final TrainOps noDead;

    // Inference outputs.
    final List<Operand<TInt32>> localIndices = new ArrayList<>();
    final List<Operand<TFloat32>> localValues = new ArrayList<>();
    final List<Operand<TInt32>> jointIndices = new ArrayList<>();
    final List<Operand<TFloat32>> jointValues = new ArrayList<>();
    final Placeholder<TInt32> codeIndices;
    final Placeholder<TFloat32> codeValues;
    final List<Operand<TFloat32>> decoded = new ArrayList<>();

    // Dead-latent re-initialisation.
    final List<Placeholder<TInt32>> reinitIndices = new ArrayList<>();
    final List<Placeholder<TFloat32>> reinitRows = new ArrayList<>();
    final List<Op> reinitOps = new ArrayList<>();

    private final boolean sparse;
    /**
     * Per stream: x_s - b_pre_s, the logits transposed h_sᵀ [L x B] as computed, and h_s [B x L] (a
     * transpose that runs only where a graph needs it). Both gradient-free under SPARSE.
     */
    private final List<Operand<TFloat32>> centred = new ArrayList<>();
    private final List<Operand<TFloat32>> logitsT = new ArrayList<>();
    private final List<Operand<TFloat32>> logits = new ArrayList<>();

    SparcGraph(SparcConfig cfg) {
        this.cfg = cfg;
        this.streams = cfg.streamCount();
        this.latents = cfg.latentSize();
        this.sparse = cfg.decode() == DecodeMode.SPARSE;
        if (sparse) {
            KeptLogitsGradient.ensureRegistered();
            SparseDecodeGradient.ensureRegistered();
        }

        for (int s = 0; s < streams; s++) {
            int d = cfg.dim(s);
            x.add(tf.withName("x_" + s).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, d))));
            enc.add(param("enc_" + s, Shape.of(latents, d)));
            latBias.add(param("lat_bias_" + s, Shape.of(latents)));
            dec.add(param("dec_" + s, Shape.of(latents, d)));
            preBias.add(param("pre_bias_" + s, Shape.of(d)));
            deadCandidate.add(tf.withName("dead_candidate_" + s)
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(latents))));
        }
        for (int i = 0; i < params.size(); i++) {
            Shape shape = params.get(i).shape();
            adamM.add(variable(paramNames.get(i) + "_adam_m", shape));
        }
        for (int i = 0; i < params.size(); i++) {
            Shape shape = params.get(i).shape();
            adamV.add(variable(paramNames.get(i) + "_adam_v", shape));
        }
        stepSize = scalarPlaceholder("step_size");
        epsilonHat = scalarPlaceholder("epsilon_hat");

        // ---- forward ----
        for (int s = 0; s < streams; s++) {
            centred.add(tf.math.sub(x.get(s), preBias.get(s)));
            Operand<TFloat32> hT = logitsTransposed(s);
            // SPARSE: the loss reaches h only through keptLogits, which carries the sparse gradient.
            logitsT.add(sparse ? tf.stopGradient(hT) : hT);
            logits.add(transpose(logitsT.get(s)));
        }
        // Global TopK ranks the summed logits: summed transposed, then one transpose for all streams.
        Operand<TInt32> globalIdx = topKIndices(streams > 1 ? transpose(tf.math.addN(new ArrayList<>(logitsT)))
                : logits.get(0), cfg.k());
        List<Operand<TInt32>> trainIdx = new ArrayList<>();
        List<Operand<TFloat32>> trainVal = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            Operand<TInt32> own = topKIndices(logits.get(s), cfg.k());
            localIndices.add(own);
            localValues.add(tf.nn.relu(batchGather(logits.get(s), own)));
            jointIndices.add(globalIdx);
            jointValues.add(tf.nn.relu(batchGather(logits.get(s), globalIdx)));
            boolean global = cfg.topK() == TopKMode.GLOBAL;
            trainIdx.add(global ? globalIdx : own);
            trainVal.add(!sparse ? (global ? jointValues.get(s) : localValues.get(s))
                    : tf.nn.relu(keptLogits(s, trainIdx.get(s))));
        }

        // Reconstructions xhat[s][t] = z_s W_dec_t + b_pre_t.
        List<List<Operand<TFloat32>>> recon = new ArrayList<>();
        for (int s = 0; s < streams; s++) recon.add(new ArrayList<>());
        if (sparse) {
            // Every source decodes through one sparse [B*M, L] code matrix per target (row b*M+s holds source
            // s of sample b): a sparse-dense product, no [B, k, d] gathered rows in the forward pass. GLOBAL
            // sources share their indices, so the gradient gathers the rows once per target for all of them.
            SparseCode code = cfg.topK() == TopKMode.GLOBAL
                    ? sparseCode(globalIdx, tf.stack(trainVal, Stack.axis(1L)), streams)
                    : sparseCode(tf.reshape(tf.stack(trainIdx, Stack.axis(1L)), tf.constant(new int[] {-1, cfg.k()})),
                            tf.stack(trainVal, Stack.axis(1L)), 1);
            for (int t = 0; t < streams; t++) {
                Operand<TFloat32> out = tf.reshape(decodeSparse(code, t), tf.constant(new int[] {-1, streams, cfg.dim(t)}));
                for (int s = 0; s < streams; s++) {
                    Operand<TFloat32> xs = tf.gather(out, tf.constant(s), tf.constant(1));   // [B, d]
                    recon.get(s).add(tf.math.add(xs, preBias.get(t)));
                }
            }
        } else {
            for (int s = 0; s < streams; s++)
                for (int t = 0; t < streams; t++)
                    recon.get(s).add(decodeTrain(trainIdx.get(s), trainVal.get(s), logits.get(s), t));
        }

        // Fired latents, reconstruction terms and AuxK, per stream.
        List<Operand<TFloat32>> selfTerms = new ArrayList<>();
        List<Operand<TFloat32>> crossTerms = new ArrayList<>();
        List<Operand<TFloat32>> auxWithDead = new ArrayList<>();
        List<Operand<TFloat32>> auxNoDead = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            Operand<TFloat32> firedS = firedLatents(trainIdx.get(s), trainVal.get(s));
            fired.add(firedS);
            Operand<TFloat32> residual = tf.math.add(tf.math.sub(x.get(s), tf.stopGradient(recon.get(s).get(s))),
                    tf.stopGradient(preBias.get(s)));
            // Official timing differs by mode: the GLOBAL model updates the counters before AuxK (a latent
            // that fires in this batch is alive); the LOCAL model masks with the counters before the update.
            Operand<TFloat32> deadNow = cfg.topK() == TopKMode.GLOBAL
                    ? tf.math.mul(deadCandidate.get(s), tf.math.sub(tf.constant(1f), firedS))
                    : deadCandidate.get(s);
            Operand<TFloat32> masked = tf.math.mul(logits.get(s), deadNow);
            Operand<TInt32> auxIdx = topKIndices(masked, cfg.kAux());
            Operand<TFloat32> auxVal = tf.nn.relu(sparse
                    ? tf.math.mul(keptLogits(s, auxIdx), tf.gather(deadNow, auxIdx, tf.constant(0)))
                    : batchGather(masked, auxIdx));
            auxWithDead.add(nmse(decodeTrain(auxIdx, auxVal, masked, s), residual));
            // With no dead latent every masked logit is 0, so the AuxK codes are 0 and its reconstruction
            // is b_pre alone: the same value and gradient without the top-k and decode over L latents.
            auxNoDead.add(nmse(tf.math.add(tf.zerosLike(residual), preBias.get(s)), residual));
            for (int t = 0; t < streams; t++) {
                Operand<TFloat32> term = nmse(recon.get(s).get(t), x.get(t));
                (s == t ? selfTerms : crossTerms).add(term);
            }
        }
        selfLoss = tf.withName("self_loss").math.div(tf.math.addN(selfTerms), tf.constant((float) streams));
        crossLoss = crossTerms.isEmpty() ? tf.withName("cross_loss").constant(0f)
                : tf.withName("cross_loss").math.div(tf.math.addN(crossTerms), tf.constant((float) crossTerms.size()));
        Operand<TFloat32> base = selfLoss;
        if (!crossTerms.isEmpty() && cfg.lambda() > 0)
            base = tf.math.add(base, tf.math.mul(tf.constant((float) cfg.lambda()), crossLoss));
        withDead = trainOps("with_dead", base, auxWithDead);
        noDead = trainOps("no_dead", base, auxNoDead);

        // ---- inference decode from given codes ----
        codeIndices = tf.withName("code_indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
        codeValues = tf.withName("code_values").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
        for (int t = 0; t < streams; t++) decoded.add(decodeRows(codeIndices, codeValues, t));

        // ---- dead-latent re-initialisation ----
        for (int s = 0; s < streams; s++) {
            Placeholder<TInt32> idx = tf.withName("reinit_idx_" + s).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TFloat32> rows = tf.withName("reinit_rows_" + s)
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, cfg.dim(s))));
            reinitIndices.add(idx);
            reinitRows.add(rows);
            Op a = tf.scatterUpdate(enc.get(s), idx, rows);
            Op b = tf.scatterUpdate(latBias.get(s), idx, tf.zerosLike(tf.dtypes.cast(idx, TFloat32.class)));
            reinitOps.add(tf.withControlDependencies(List.of(a, b)).noOp());
        }
        session = new Session(graph);
    }

    /** Loss, gradients and the update step of one AuxK variant. */
    record TrainOps(Operand<TFloat32> loss, Operand<TFloat32> auxLoss, Operand<TBool> finite,
                    List<Operand<TFloat32>> gradients, Op step) {
    }

    private TrainOps trainOps(String name, Operand<TFloat32> base, List<Operand<TFloat32>> auxTerms) {
        Operand<TFloat32> auxSum = tf.math.addN(auxTerms);
        Operand<TFloat32> auxLoss = tf.withName("aux_loss_" + name).math.div(auxSum, tf.constant((float) streams));
        Operand<TFloat32> total = base;
        if (cfg.alpha() > 0) {
            // As the official code: the AuxK term joins the loss whenever its sum is positive.
            Operand<TFloat32> auxTerm = tf.math.mul(tf.constant((float) cfg.alpha()), auxLoss);
            total = tf.math.add(total, tf.select(tf.math.greater(auxSum, tf.constant(0f)), auxTerm, tf.constant(0f)));
        }
        Operand<TFloat32> loss = tf.withName("loss_" + name).identity(total);
        Operand<TBool> finite = tf.math.isFinite(loss);

        var grads = tf.gradients(loss, params);
        List<Operand<TFloat32>> raw = new ArrayList<>();
        List<Op> gradDeps = new ArrayList<>();
        // Reported values outside the gradient path (the cross loss when lambda = 0) read the decoders
        // too: they must run before the decoder normalisation below rewrites them.
        gradDeps.add(tf.identity(selfLoss));
        gradDeps.add(tf.identity(crossLoss));
        gradDeps.add(tf.identity(auxLoss));
        for (int i = 0; i < params.size(); i++) {
            raw.add(grads.dy(i));
            gradDeps.add(tf.identity(grads.dy(i)));
        }
        // A non-finite loss skips the step: the update reads the gradients through a Switch on `finite`,
        // so on a skipped step no update op runs at all (no guarded copy of every gradient either).
        List<Operand<TFloat32>> gated = new ArrayList<>();
        for (Operand<TFloat32> g : raw) gated.add(tf.switchCond(g, finite).outputTrue());
        // Every update writes a variable in place: all of them wait until every gradient (and reported
        // loss) has read the old values.
        Ops afterGrads = tf.withControlDependencies(gradDeps);
        // Decoder rows to unit norm, then each row's gradient without its component parallel to the
        // (normalised) row: with s = 1 / (|w| + eps), g·w' = s (g·w) is taken from the raw rows, so the
        // row norms and dot products are two reads that need not wait for the rewrite.
        List<Op> updates = new ArrayList<>();
        Operand<TFloat32> b1 = tf.constant(0.9f), b2 = tf.constant(0.999f), noPower = tf.constant(0f);
        for (int i = 0; i < params.size(); i++) {
            Variable<TFloat32> p = params.get(i);
            Operand<TFloat32> g = gated.get(i);
            Ops adam = afterGrads;
            if (dec.contains(p)) {
                Operand<TFloat32> norm = tf.linalg.euclideanNorm(p, tf.constant(1), EuclideanNorm.keepDims(true));
                Operand<TFloat32> scale = tf.switchCond(tf.math.reciprocal(tf.math.add(norm, tf.constant(NORM_EPS))), finite)
                        .outputTrue();                                                           // [L, 1]
                Operand<TFloat32> dot = tf.sum(tf.math.mul(p, g), tf.constant(1), Sum.keepDims(true));
                // (withControlDependencies replaces a scope's dependencies: the list holds both.)
                List<Op> beforeRewrite = new ArrayList<>(gradDeps);
                beforeRewrite.add(tf.identity(dot));
                var normalised = tf.withControlDependencies(beforeRewrite).assign(p, tf.math.mul(p, scale));
                g = tf.math.sub(g, tf.math.mul(tf.math.mul(dot, scale), normalised));
                adam = tf.withControlDependencies(List.of(normalised));
            }
            // The bias correction is in the fed step size (beta powers 0 here), so it is computed in double
            // as PyTorch does, not in float32 inside the kernel.
            updates.add(adam.train.applyAdam(p, adamM.get(i), adamV.get(i), noPower, noPower,
                    stepSize, b1, b2, epsilonHat, g));
        }
        Op step = tf.withControlDependencies(updates).withName("train_step_" + name).noOp();
        return new TrainOps(loss, auxLoss, finite, raw, step);
    }

    private Variable<TFloat32> param(String name, Shape shape) {
        Variable<TFloat32> v = variable(name, shape);
        params.add(v);
        paramNames.add(name);
        return v;
    }

    private Variable<TFloat32> variable(String name, Shape shape) {
        Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
        Placeholder<TFloat32> value = tf.withName(name + "_value").placeholder(TFloat32.class, Placeholder.shape(shape));
        assignValue.add(value);
        assignOp.add(tf.withName(name + "_assign").assign(v, value));
        allVariables.add(v);
        return v;
    }

    private Placeholder<TFloat32> scalarPlaceholder(String name) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    }

    /** h_sᵀ = W_enc_s (x_s - b_pre_s)ᵀ + b_lat_s, [L x B]. */
    private Operand<TFloat32> logitsTransposed(int s) {
        // [L x d]·[B x d]ᵀ: the same products as xc·W_encᵀ, but TensorFlow's CPU matmul runs this
        // orientation about 2.5-3x faster (B = 256 is the short side; `bin/sparc bench` times both).
        Operand<TFloat32> productT = tf.linalg.matMul(enc.get(s), centred.get(s), MatMul.transposeB(true));
        return tf.math.add(productT, tf.expandDims(latBias.get(s), tf.constant(1)));
    }

    private Operand<TFloat32> transpose(Operand<TFloat32> m) {
        return tf.linalg.transpose(m, tf.constant(new int[] {1, 0}));
    }

    /** h_s[b, idx[b, j]] with the sparse gradient of {@link KeptLogitsGradient} (SPARSE only). */
    private Operand<TFloat32> keptLogits(int s, Operand<TInt32> idx) {
        SparseCoordinates at = coordinates(idx, 1);
        // Read from h_sᵀ at (latent, sample): no [B x L] transpose of this stream's logits.
        Operand<TFloat32> values = tf.reshape(tf.gatherNd(logitsT.get(s), tf.reverse(at.coords(), tf.constant(new int[] {1}))),
                tf.shape(idx));
        return KeptLogitsGradient.carry(tf, values, at.coords(), at.shape(),
                tf.reshape(idx, tf.constant(new int[] {-1})), latents, enc.get(s), centred.get(s), latBias.get(s), preBias.get(s));
    }

    private Operand<TInt32> topKIndices(Operand<TFloat32> scores, int k) {
        // TopK has no gradient: only its indices are used, taken from a gradient-free copy.
        return tf.nn.topK(tf.stopGradient(scores), tf.constant(k), new TopK.Options[0]).indices();
    }

    /** values[b, j] = m[b, idx[b, j]]. */
    private Operand<TFloat32> batchGather(Operand<TFloat32> m, Operand<TInt32> idx) {
        return tf.gather(m, idx, tf.constant(1), Gather.batchDims(1L));
    }

    /** Decoding inside the training graph: sparse (gathered rows) or dense (masked matmul). */
    private Operand<TFloat32> decodeTrain(Operand<TInt32> idx, Operand<TFloat32> values, Operand<TFloat32> logits, int t) {
        if (sparse) return tf.math.add(decodeSparse(sparseCode(idx, values, 1), t), preBias.get(t));
        // DENSE: the plain masked graph, z = ReLU(h) at the kept indices, 0 elsewhere; xhat = z W_dec + b_pre.
        Operand<TFloat32> mask = keptMask(idx, logits);
        Operand<TFloat32> z = tf.math.mul(tf.nn.relu(logits), mask);
        return tf.math.add(tf.linalg.matMul(z, dec.get(t)), preBias.get(t));
    }

    /**
     * Sparse codes as a [R*sources, L] sparse matrix: row r*sources+m holds {@code values[r, m, :]} at the
     * columns {@code idx[r, :]} (every m of a row r shares its k indices).
     */
    private record SparseCode(Operand<TInt64> coords, Operand<TFloat32> values, Operand<TInt64> shape,
                              Operand<TInt32> idx, int sources) {
    }

    private SparseCode sparseCode(Operand<TInt32> idx, Operand<TFloat32> values, int sources) {
        SparseCoordinates at = coordinates(idx, sources);
        return new SparseCode(at.coords(), tf.reshape(values, tf.constant(new int[] {-1})), at.shape(), idx, sources);
    }

    /** The coordinates [R*sources*k, 2] and dense shape [R*sources, L] of a {@link SparseCode}. */
    private record SparseCoordinates(Operand<TInt64> coords, Operand<TInt64> shape) {
    }

    private SparseCoordinates coordinates(Operand<TInt32> idx, int sources) {
        Operand<TInt64> n = tf.gather(tf.shape(idx, TInt64.class), tf.constant(0), tf.constant(0));
        Operand<TInt64> rowCount = tf.math.mul(n, tf.constant((long) sources));
        Operand<TInt64> rows = tf.reshape(tf.range(tf.constant(0L), rowCount, tf.constant(1L)),
                tf.constant(new int[] {-1, sources, 1}));                                           // [R, M, 1]
        Operand<TInt64> cols = tf.expandDims(tf.dtypes.cast(idx, TInt64.class), tf.constant(1));  // [R, 1, k]
        Operand<TInt64> zero = tf.zerosLike(tf.math.add(rows, cols));                              // [R, M, k]
        // Integer coordinates carry no gradient: the stop keeps tf.gradients out of this sub-graph.
        Operand<TInt64> coords = tf.stopGradient(tf.reshape(tf.stack(List.of(tf.math.add(rows, zero),
                tf.math.add(cols, zero)), Stack.axis(3L)), tf.constant(new int[] {-1, 2})));      // [R*M*k, 2]
        Operand<TInt64> shape = tf.stopGradient(tf.stack(List.of(rowCount, tf.constant((long) latents))));
        return new SparseCoordinates(coords, shape);
    }

    /** code · W_dec_t, [R*sources, d_t], with the sparse gradient of {@link SparseDecodeGradient}. */
    private Operand<TFloat32> decodeSparse(SparseCode code, int t) {
        var product = tf.sparse.sparseTensorDenseMatMul(code.coords(), code.values(), code.shape(), dec.get(t));
        SparseDecodeGradient.shareRows(product, code.idx(), code.sources());
        return product;
    }

    /** xhat = sum_j values[:, j] W_dec_t[idx[:, j]] + b_pre_t, from k gathered decoder rows per sample. */
    private Operand<TFloat32> decodeRows(Operand<TInt32> idx, Operand<TFloat32> values, int t) {
        Operand<TFloat32> rows = tf.gather(dec.get(t), idx, tf.constant(0));                     // [B, k, d]
        Operand<TFloat32> v = tf.expandDims(values, tf.constant(1));                              // [B, 1, k]
        Operand<TFloat32> out = tf.train.batchMatMul(v, rows, TFloat32.class);                     // [B, 1, d]
        return tf.math.add(tf.squeeze(out, Squeeze.axis(List.of(1L))), preBias.get(t));
    }

    /** 1 at [b, idx[b, j]], 0 elsewhere, shaped like {@code like}. */
    private Operand<TFloat32> keptMask(Operand<TInt32> idx, Operand<TFloat32> like) {
        Operand<TInt32> batch = tf.gather(tf.shape(like), tf.constant(0), tf.constant(0));
        Operand<TInt32> rows = tf.math.add(tf.zerosLike(idx),
                tf.expandDims(tf.range(tf.constant(0), batch, tf.constant(1)), tf.constant(1)));
        Operand<TInt32> coords = tf.stack(List.of(rows, idx), Stack.axis(2L));  // [B, k, 2]
        Operand<TFloat32> ones = tf.onesLike(tf.dtypes.cast(idx, TFloat32.class));
        return tf.stopGradient(tf.scatterNd(coords, ones, tf.shape(like)));
    }

    /** 1 for every latent whose kept activation exceeded the fire threshold in some sample, else 0. [L] */
    private Operand<TFloat32> firedLatents(Operand<TInt32> idx, Operand<TFloat32> values) {
        Operand<TFloat32> above = tf.dtypes.cast(tf.math.greater(values, tf.constant((float) cfg.fireThreshold())), TFloat32.class);
        Operand<TInt32> flatIdx = tf.reshape(idx, tf.constant(new int[] {-1, 1}));
        Operand<TFloat32> counts = tf.scatterNd(flatIdx, tf.reshape(above, tf.constant(new int[] {-1})),
                tf.constant(new int[] {latents}));
        return tf.dtypes.cast(tf.math.greater(counts, tf.constant(0f)), TFloat32.class);
    }

    /** Per-sample sum_d (xhat - x)^2 / sum_d x^2, averaged over the batch. */
    private Operand<TFloat32> nmse(Operand<TFloat32> xhat, Operand<TFloat32> target) {
        Operand<TFloat32> err = tf.sum(tf.math.squaredDifference(xhat, target), tf.constant(1));
        Operand<TFloat32> energy = tf.sum(tf.math.square(target), tf.constant(1));
        return tf.math.mean(tf.math.div(err, energy), tf.constant(0));
    }

    @Override
    public void close() {
        session.close();
        SparseDecodeGradient.forget(graph);
        KeptLogitsGradient.forget(graph);
        graph.close();
    }
}
