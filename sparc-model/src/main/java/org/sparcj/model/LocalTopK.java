package org.sparcj.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;

/** Local TopK: every stream keeps the top k of its own logits. */
final class LocalTopK implements TopKSelection {

    @Override
    public <T> T kept(T own, T shared) {
        return own;
    }

    /** Row b*M+s holds source s of sample b, each with its own k indices. */
    @Override
    public Decoder.SparseCode trainedCode(Ops tf, Decoder decoder, KeptLatents kept) {
        return decoder.sparseCode(tf.reshape(tf.stack(kept.indices, Stack.axis(1L)), tf.constant(new int[] {-1, kept.k})),
                tf.stack(kept.trainedValues, Stack.axis(1L)), 1);
    }

    /** As the official local model: dead by the counters before this batch's update. */
    @Override
    public Operand<TFloat32> deadForAuxK(Ops tf, Operand<TFloat32> candidates, Operand<TFloat32> fired) {
        return candidates;
    }

    @Override
    public int candidateLookahead() {
        return 0;
    }
}
