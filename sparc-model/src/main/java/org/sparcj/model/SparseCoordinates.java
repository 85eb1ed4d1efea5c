package org.sparcj.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Where kept latents sit in a sparse [R*sources, L] matrix: coordinates [R*sources*k, 2], row r*sources+m
 * at the columns {@code idx[r, :]} for every m, and the dense shape.
 */
record SparseCoordinates(Operand<TInt64> coords, Operand<TInt64> shape) {

    static SparseCoordinates of(Ops tf, Operand<TInt32> idx, int sources, int latents) {
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
}
