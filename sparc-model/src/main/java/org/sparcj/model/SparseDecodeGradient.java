package org.sparcj.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.sparse.SparseTensorDenseMatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Gradient for the sparse decode {@code out = A · W_dec} with A sparse (TensorFlow Java registers none
 * for {@code SparseTensorDenseMatMul}).
 *
 * <p>d W_dec = Aᵀ · d out is again a sparse-dense product, O(nnz·d), with no [nnz, d] intermediate.
 * d values[i] = d out[row_i] · W_dec[col_i] needs the decoder rows at the kept indices. When the graph
 * declared the product's layout with {@link #shareRows} (GLOBAL TopK: rows b·M+m for sample b and source
 * m, all M sources of a sample keeping the same k latents), the k rows of each sample are gathered once
 * and shared by its M sources; otherwise each non-zero gathers its own row. Exact either way.
 *
 * <p>The same per-non-zero products give the decoder constraint its row dot products for free: row j of
 * d W_dec is the sum of values[i] · d out[row_i] over the non-zeros in column j, so
 * d W_dec[j] · W_dec[j] = sum of values[i] · d values[i] over them, a segment sum of nnz numbers instead of
 * two passes over the [L, d] matrices ({@link #collectingRowDots}; docs/METHOD.md, Training).
 */
final class SparseDecodeGradient {
    private static volatile boolean registered;
    /** Per SparseTensorDenseMatMul op: the [B, k] kept indices shared by M sources. */
    private static final OpAnnotations<Shared> SHARED = new OpAnnotations<>();

    private record Shared(Operand<TInt32> indices, int sources, Operand<TInt32> order) {
    }

    /** While {@link #collectingRowDots} builds gradients on this thread: decoder op name -> its products' row dots. */
    private static final ThreadLocal<Map<String, List<Operand<TFloat32>>>> ROW_DOTS = new ThreadLocal<>();

    private SparseDecodeGradient() {
    }

    static synchronized void ensureRegistered() {
        if (registered) return;
        boolean ok = TensorFlow.registerCustomGradient(SparseTensorDenseMatMul.Inputs.class, SparseDecodeGradient::gradient);
        if (!ok) throw new IllegalStateException("could not register the sparse decode gradient for SparseTensorDenseMatMul");
        registered = true;
    }

    /**
     * Declares that {@code product}'s sparse operand has rows b·sources+m and columns {@code indices[b, j]}
     * for every m, its i-th non-zero being entry {@code order[i]} of the row-major [B, sources, k]
     * ({@link SparseCoordinates}).
     */
    static void shareRows(SparseTensorDenseMatMul<?> product, Operand<TInt32> indices, int sources, Operand<TInt32> order) {
        SHARED.put(product, new Shared(indices, sources, order));
    }

    /**
     * Runs {@code build} (which adds gradients to the graph) and collects, per decoder variable (by op name),
     * the [L] row dot products d W_dec[j] · W_dec[j] of every sparse decode product differentiated in it.
     * Their sum is the row dots of the whole gradient only if every path from the loss to that decoder is
     * such a product, as in the SPARSE graph.
     */
    static <T> T collectingRowDots(Map<String, List<Operand<TFloat32>>> into, Supplier<T> build) {
        Map<String, List<Operand<TFloat32>>> before = ROW_DOTS.get();
        ROW_DOTS.set(into);
        try {
            return build.get();
        } finally {
            ROW_DOTS.set(before);
        }
    }

    /** Drops the declarations of a graph that is closed. */
    static void forget(ExecutionEnvironment graph) {
        SHARED.forget(graph);
    }

    @SuppressWarnings("unchecked")
    private static List<Operand<?>> gradient(Ops tf, SparseTensorDenseMatMul.Inputs<?> op, List<org.tensorflow.Output<?>> grads) {
        if (op.adjointA || op.adjointB)
            throw new IllegalStateException("SparseTensorDenseMatMul gradient supports only A · B (the decoder's form)");
        Operand<TFloat32> dOut = (Operand<TFloat32>) grads.get(0);                     // [R, d]
        Operand<TFloat32> w = (Operand<TFloat32>) op.b;                                 // [L, d]
        Operand<TInt64> idx = tf.dtypes.cast(op.aIndices, TInt64.class);                 // [nnz, 2]
        Operand<TFloat32> values = (Operand<TFloat32>) op.aValues;
        Operand<TFloat32> dW = tf.sparse.sparseTensorDenseMatMul(idx, values, op.aShape, dOut,
                SparseTensorDenseMatMul.adjointA(true));
        Shared s = SHARED.get(op.getOutputs());
        Operand<TFloat32> dValues;
        if (s != null) {
            Operand<TFloat32> rows = tf.gather(w, s.indices(), tf.constant(0));                            // [B, k, d]
            Operand<TInt32> bm1d = tf.stack(List.of(tf.constant(-1), tf.constant(s.sources()), tf.constant(1),
                    tf.gather(tf.shape(dOut), tf.constant(1), tf.constant(0))));
            // One vector-matrix product [1, d]·[k, d]ᵀ per (sample, source), the k rows broadcast over the M
            // sources: 2-3x faster than one [k, d]·[d, M] product per sample, whose kernel packs the gathered
            // rows (timed alone at the paper's GLOBAL shapes: 6.4 ms against 20 ms, gather included).
            Operand<TFloat32> bmk = tf.train.batchMatMul(tf.reshape(dOut, bm1d), tf.expandDims(rows, tf.constant(1)),
                    TFloat32.class, BatchMatMul.adjY(true));                                         // [B, M, 1, k]
            dValues = tf.gather(tf.reshape(bmk, tf.constant(new int[] {-1})), s.order(), tf.constant(0));
        } else {
            Operand<TInt64> row = tf.gather(idx, tf.constant(0), tf.constant(1));
            Operand<TInt64> col = tf.gather(idx, tf.constant(1), tf.constant(1));
            dValues = tf.sum(tf.math.mul(tf.gather(dOut, row, tf.constant(0)), tf.gather(w, col, tf.constant(0))),
                    tf.constant(1));
        }
        Map<String, List<Operand<TFloat32>>> rowDots = ROW_DOTS.get();
        if (rowDots != null) {
            // column sums of the sparse matrix with values[i] · d values[i]: Aᵀ · 1 as a sparse-dense product
            Operand<TFloat32> ones = tf.fill(tf.stack(List.of(tf.gather(tf.shape(dOut), tf.constant(0), tf.constant(0)),
                    tf.constant(1))), tf.constant(1f));
            rowDots.computeIfAbsent(w.op().name(), n -> new ArrayList<>()).add(tf.reshape(tf.sparse.sparseTensorDenseMatMul(
                    idx, tf.math.mul(values, dValues), op.aShape, ones, SparseTensorDenseMatMul.adjointA(true)),
                    tf.constant(new int[] {-1})));
            // The gradient builder sums dValues with the other paths' in an AddN, which adds into whichever
            // input buffer nothing else holds: with the row dots still holding dValues or not, that is a
            // different input, so a different summation order, depending on thread timing. A copy of its
            // own keeps AddN's choice, so the step's bits, the same on every run.
            dValues = tf.deepCopy(dValues);
        }
        // Indices and shape are integer inputs that come from TopK (no gradient): zeros stand for "none".
        return Arrays.asList(tf.zerosLike(op.aIndices), dValues, tf.zerosLike(op.aShape), dW);
    }
}
