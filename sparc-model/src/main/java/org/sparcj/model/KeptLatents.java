package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The latents every stream keeps, z_s = ReLU(h_s) at the selected indices (docs/METHOD.md, Model). Both
 * selections are built (per-stream encoding uses each stream's own top k in either mode); the
 * {@link TopKSelection} picks the one training and joint encoding use.
 */
final class KeptLatents {
    final int k;
    /** Per stream: its own top k and their ReLU'd values, [B x k]. */
    final List<Operand<TInt32>> ownIndices = new ArrayList<>();
    final List<Operand<TFloat32>> ownValues = new ArrayList<>();
    /** The top k of the summed logits, and each stream's ReLU'd values there. */
    final Operand<TInt32> sharedIndices;
    final List<Operand<TFloat32>> sharedValues = new ArrayList<>();
    /** Per stream, as the selection keeps them: indices and values (joint encoding) and the trained values. */
    final List<Operand<TInt32>> indices = new ArrayList<>();
    final List<Operand<TFloat32>> values = new ArrayList<>();
    /** The values that reach the loss: {@link #values}, or under SPARSE the same carrying the sparse gradient. */
    final List<Operand<TFloat32>> trainedValues = new ArrayList<>();

    KeptLatents(Ops tf, Encoder encoder, TopKSelection selection, int streams, int k, boolean sparse) {
        this.k = k;
        sharedIndices = topK(tf, encoder.summedLogits(), k);
        for (int s = 0; s < streams; s++) {
            Operand<TInt32> own = topK(tf, encoder.logits(s), k);
            ownIndices.add(own);
            ownValues.add(tf.nn.relu(batchGather(tf, encoder.logits(s), own)));
            sharedValues.add(tf.nn.relu(batchGather(tf, encoder.logits(s), sharedIndices)));
            indices.add(selection.kept(own, sharedIndices));
            values.add(selection.kept(ownValues.get(s), sharedValues.get(s)));
            trainedValues.add(!sparse ? values.get(s) : tf.nn.relu(encoder.keptLogits(s, indices.get(s))));
        }
    }

    /** The indices of the top k scores of each row. */
    static Operand<TInt32> topK(Ops tf, Operand<TFloat32> scores, int k) {
        // TopK has no gradient: only its indices are used, taken from a gradient-free copy.
        return tf.nn.topK(tf.stopGradient(scores), tf.constant(k), new TopK.Options[0]).indices();
    }

    /** b at every [b, j] of {@code idx} [B x n]: with idx, the (sample, latent) coordinates of the kept entries. */
    static Operand<TInt32> sampleOf(Ops tf, Operand<TInt32> idx) {
        Operand<TInt32> batch = tf.gather(tf.shape(idx), tf.constant(0), tf.constant(0));
        return tf.math.add(tf.zerosLike(idx), tf.expandDims(tf.range(tf.constant(0), batch, tf.constant(1)), tf.constant(1)));
    }

    /** values[b, j] = m[b, idx[b, j]]. */
    static Operand<TFloat32> batchGather(Ops tf, Operand<TFloat32> m, Operand<TInt32> idx) {
        return tf.gather(m, idx, tf.constant(1), Gather.batchDims(1L));
    }
}
