package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.IdentityN;
import org.tensorflow.op.sparse.SparseTensorDenseMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The encoder's sparse gradient: logits h = xc·W_encᵀ + b_lat reach the loss only at the kept indices
 * (the top k, and the AuxK top k_aux), so their gradient needs only those B·n entries.
 *
 * <p>TensorFlow's own path would be the batch-gather gradient (a dense [B x L] dh) into MatMul's gradient
 * (two more B·L·d products). Instead the kept values are read from gradient-free logits and routed
 * through an {@code IdentityN} together with W_enc, xc = x - b_pre, b_lat and b_pre (the carrier
 * TensorFlow's custom_gradient uses); this class registers IdentityN's gradient, which for a declared
 * carrier returns, from the [B x n] value gradient dv alone: d W_enc = dvᵀ·xc (a sparse-dense product,
 * O(B·n·d)), d b_lat = u, the segment sum of dv by latent, and d b_pre = -u·W_enc (the sum over the
 * batch of d xc = dv·W_enc, taken in that order: one [L]·[L x d] product instead of B·n gathered rows).
 * Exact: entries outside the kept indices contribute nothing to any of them.
 * Undeclared IdentityN ops keep the identity gradient.
 */
final class KeptLogitsGradient {
    private static volatile boolean registered;
    /** Per IdentityN op: the sparse layout of the kept values it carries. */
    private static final OpAnnotations<Layout> DECLARED = new OpAnnotations<>();

    /** The values' coordinates in [B, L] ({@link SparseCoordinates}), flat latents [B·n] in row-major order. */
    private record Layout(SparseCoordinates at, Operand<TInt32> latents, int latentCount) {
    }

    private KeptLogitsGradient() {
    }

    static synchronized void ensureRegistered() {
        if (registered) return;
        boolean ok = TensorFlow.registerCustomGradient(IdentityN.Inputs.class, KeptLogitsGradient::gradient);
        if (!ok) throw new IllegalStateException("could not register the kept-logits gradient for IdentityN");
        registered = true;
    }

    /**
     * The kept logits {@code values} [B x n] (read from gradient-free logits at {@code at}), given the
     * sparse gradient into {@code enc} [L x d], {@code bias} [L] and {@code preBias} [d]; {@code centred}
     * [B x d] is read, not differentiated (its gradient reaches b_pre directly).
     */
    static Operand<TFloat32> carry(Ops tf, Operand<TFloat32> values, SparseCoordinates at, Operand<TInt32> flatLatents,
                                   int latentCount, Operand<TFloat32> enc, Operand<TFloat32> centred,
                                   Operand<TFloat32> bias, Operand<TFloat32> preBias) {
        IdentityN carrier = tf.identityN(List.of(values, enc, tf.stopGradient(centred), bias, preBias));
        DECLARED.put(carrier, new Layout(at, flatLatents, latentCount));
        @SuppressWarnings("unchecked")
        Operand<TFloat32> out = (Operand<TFloat32>) carrier.output().get(0);
        return out;
    }

    /** Drops the declarations of a graph that is closed. */
    static void forget(ExecutionEnvironment graph) {
        DECLARED.forget(graph);
    }

    @SuppressWarnings("unchecked")
    private static List<Operand<?>> gradient(Ops tf, IdentityN.Inputs op, List<Output<?>> grads) {
        Layout layout = DECLARED.get(op.getOutputs());
        if (layout == null) return new ArrayList<>(grads);
        List<Operand<?>> inputs = new ArrayList<>();
        op.input.forEach(inputs::add);
        Operand<TFloat32> enc = (Operand<TFloat32>) inputs.get(1);
        Operand<TFloat32> centred = (Operand<TFloat32>) inputs.get(2);
        Operand<TFloat32> dv = tf.reshape((Operand<TFloat32>) grads.get(0), tf.constant(new int[] {-1}));
        Operand<TFloat32> dEnc = tf.sparse.sparseTensorDenseMatMul(layout.at().coords(),
                tf.gather(dv, layout.at().order(), tf.constant(0)), layout.at().shape(), centred,
                SparseTensorDenseMatMul.adjointA(true));                                               // [L, d]
        Operand<TFloat32> dBias = tf.math.unsortedSegmentSum(dv, layout.latents(), tf.constant(layout.latentCount()));
        Operand<TFloat32> dPreBias = tf.reshape(tf.math.neg(tf.linalg.matMul(tf.expandDims(dBias, tf.constant(0)), enc)),
                tf.constant(new int[] {-1}));                                                          // [d]
        // The values and centred inputs come from gradient-free tensors: zeros stand for "none".
        return List.of(tf.zerosLike(inputs.get(0)), dEnc, tf.zerosLike(inputs.get(2)), dBias, dPreBias);
    }
}
