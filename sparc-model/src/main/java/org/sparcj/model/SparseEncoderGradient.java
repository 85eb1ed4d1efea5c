package org.sparcj.model;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.sparse.SparseMatMul;
import org.tensorflow.op.sparse.SparseTensorDenseMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Gradient for the encoder's pre-activation product {@code h = xc · W_encᵀ}.
 *
 * <p>Only the k kept logits (and the k_aux AuxK logits) of each sample reach the loss, so the
 * incoming gradient dh [B x L] has at most B·(k+k_aux) non-zeros. TensorFlow's MatMul gradient would
 * multiply the dense dh anyway (two more B·L·d products). The SPARSE graph therefore computes h with
 * the {@code SparseMatMul} op (same dense product; TensorFlow Java registers no gradient for it) and
 * this class registers its gradient: the non-zeros of dh as a sparse tensor times a dense matrix,
 * O(nnz·d). It is exact, not an approximation: zero entries contribute nothing to either product.
 */
final class SparseEncoderGradient {
    private static volatile boolean registered;

    private SparseEncoderGradient() {
    }

    /** Registers the gradient once per JVM; TensorFlow's registry is global. */
    static synchronized void ensureRegistered() {
        if (registered) return;
        boolean ok = TensorFlow.registerCustomGradient(SparseMatMul.Inputs.class, SparseEncoderGradient::gradient);
        if (!ok) throw new IllegalStateException("could not register the sparse encoder gradient for SparseMatMul");
        registered = true;
    }

    @SuppressWarnings("unchecked")
    private static List<Operand<?>> gradient(Ops tf, SparseMatMul.Inputs op, List<org.tensorflow.Output<?>> grads) {
        if (op.transposeA || !op.transposeB)
            throw new IllegalStateException("SparseMatMul gradient supports only a · bᵀ (the encoder's form)");
        Operand<TFloat32> dy = (Operand<TFloat32>) grads.get(0);            // [B, L]
        Operand<TFloat32> a = (Operand<TFloat32>) op.a;                      // xc [B, d]
        Operand<TFloat32> b = (Operand<TFloat32>) op.b;                      // W_encT [L, d]
        Operand<TInt64> nz = tf.where(tf.math.notEqual(dy, tf.constant(0f))); // [nnz, 2], row-major order
        Operand<TFloat32> values = tf.gatherNd(dy, nz);
        Operand<TInt64> shape = tf.shape(dy, TInt64.class);
        // d xc = dh · W_encT  [B, d];  d W_encT = dhᵀ · xc  [L, d]
        Operand<TFloat32> da = tf.sparse.sparseTensorDenseMatMul(nz, values, shape, b);
        Operand<TFloat32> db = tf.sparse.sparseTensorDenseMatMul(nz, values, shape, a,
                SparseTensorDenseMatMul.adjointA(true));
        return Arrays.asList(da, db);
    }
}
