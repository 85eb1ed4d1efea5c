package org.sparcj.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Where kept latents sit in a sparse [R*sources, L] matrix, row r*sources+m holding the columns
 * {@code idx[r, :]} for every m: the coordinates [R*sources*k, 2] in latent order (then row), for each of
 * them the position of its value in the row-major values [R, sources, k], and the dense shape.
 *
 * <p>Why latent order: TensorFlow's sparse-dense product walks the non-zeros in the order given, and reads
 * (for Aᵀ·D, writes) one dense row of the decoder or encoder per non-zero. In latent order consecutive
 * non-zeros touch the same or a nearby row, so the product streams through the [L, d] matrix once; in
 * row-major order every non-zero jumps to a random row. Timed alone at the paper's shapes (a throwaway
 * JUnit driver): LOCAL's decode 12.7 → 4.2 ms and its Aᵀ·D 13.2 → 5.0 ms, GLOBAL's 6.7 → 4.7 and
 * 7.3 → 5.5 ms, the encoder's gradient 5.0 → 3.2 ms, for a sort of 0.8 ms (16,384 indices) to 3.1 ms
 * (49,152). Sums into one output row keep a fixed order, so results stay bitwise reproducible.
 */
record SparseCoordinates(Operand<TInt64> coords, Operand<TInt32> order, Operand<TInt64> shape) {

    static SparseCoordinates of(Ops tf, Operand<TInt32> idx, int sources, int latents) {
        Operand<TInt32> flat = tf.reshape(idx, tf.constant(new int[] {-1}));                              // [R*k]
        // TopK of the negated latents sorts them ascending; of equal ones it takes the lower position, so
        // the lower row, first.
        Operand<TInt32> e = tf.nn.topK(tf.math.neg(flat), tf.size(flat), new TopK.Options[0]).indices();   // [R*k]
        Operand<TInt32> k = tf.gather(tf.shape(idx), tf.constant(1), tf.constant(0));
        Operand<TInt32> rows = tf.math.add(tf.expandDims(tf.math.mul(tf.math.floorDiv(e, k), tf.constant(sources)), tf.constant(1)),
                tf.expandDims(tf.range(tf.constant(0), tf.constant(sources), tf.constant(1)), tf.constant(0)));  // [R*k, M]
        Operand<TInt32> order = tf.reshape(tf.math.add(tf.math.mul(rows, k), tf.expandDims(tf.math.floorMod(e, k), tf.constant(1))),
                tf.constant(new int[] {-1}));                                                             // [R*k*M]
        Operand<TInt32> cols = tf.math.add(tf.zerosLike(rows), tf.expandDims(tf.gather(flat, e, tf.constant(0)), tf.constant(1)));
        // Integer coordinates carry no gradient: the stops keep tf.gradients out of this sub-graph.
        Operand<TInt64> coords = tf.stopGradient(tf.dtypes.cast(tf.reshape(tf.stack(List.of(rows, cols), Stack.axis(2L)),
                tf.constant(new int[] {-1, 2})), TInt64.class));
        Operand<TInt64> rowCount = tf.math.mul(tf.gather(tf.shape(idx, TInt64.class), tf.constant(0), tf.constant(0)),
                tf.constant((long) sources));
        Operand<TInt64> shape = tf.stopGradient(tf.stack(List.of(rowCount, tf.constant((long) latents))));
        return new SparseCoordinates(coords, tf.stopGradient(order), shape);
    }
}
