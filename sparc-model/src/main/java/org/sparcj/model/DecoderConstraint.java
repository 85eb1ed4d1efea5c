package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.EuclideanNorm;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The decoder constraint of a training step (docs/METHOD.md, Training): decoder rows to unit norm, then
 * each row's gradient without its component parallel to the (normalised) row.
 */
final class DecoderConstraint {
    static final float NORM_EPS = 1e-8f;

    private DecoderConstraint() {
    }

    /** The normalised decoder (an in-place rewrite of {@code dec}) and the projected gradient. */
    record Projected(Assign<TFloat32> normalised, Operand<TFloat32> gradient) {
    }

    /**
     * With s = 1 / (|w| + eps), g·w' = s (g·w) is taken from the raw rows, so the row norms and dot products
     * are two reads that need not wait for the rewrite; the rewrite waits for {@code readers} (everything
     * that reads the old decoder). Runs only on a finite step: the scale goes through a Switch on {@code finite}.
     *
     * @param rowDots the [L] row dot products g·w when the gradient's builder has them ({@link
     *                SparseDecodeGradient#collectingRowDots}), else null: then they take a pass over g and w
     */
    static Projected apply(Ops tf, Variable<TFloat32> dec, Operand<TFloat32> g, Operand<TFloat32> rowDots,
                           Operand<TBool> finite, List<Op> readers) {
        Operand<TFloat32> norm = tf.linalg.euclideanNorm(dec, tf.constant(1), EuclideanNorm.keepDims(true));
        Operand<TFloat32> scale = tf.switchCond(tf.math.reciprocal(tf.math.add(norm, tf.constant(NORM_EPS))), finite)
                .outputTrue();                                                           // [L, 1]
        Operand<TFloat32> dot = rowDots != null ? tf.expandDims(rowDots, tf.constant(1))
                : tf.sum(tf.math.mul(dec, g), tf.constant(1), Sum.keepDims(true));
        // (withControlDependencies replaces a scope's dependencies: the list holds both.)
        List<Op> beforeRewrite = new ArrayList<>(readers);
        beforeRewrite.add(tf.identity(dot));
        Assign<TFloat32> normalised = tf.withControlDependencies(beforeRewrite).assign(dec, tf.math.mul(dec, scale));
        return new Projected(normalised, tf.math.sub(g, tf.math.mul(tf.math.mul(dot, scale), normalised)));
    }
}
