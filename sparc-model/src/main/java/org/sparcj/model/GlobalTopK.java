package org.sparcj.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;

/** Global TopK: every stream keeps the top k of the logits summed over streams, one index set for all. */
final class GlobalTopK implements TopKSelection {

    @Override
    public <T> T kept(T own, T shared) {
        return shared;
    }

    /**
     * Row b*M+s holds source s of sample b; the sources share their indices, so the gradient gathers the
     * decoder rows once per target for all of them.
     */
    @Override
    public Decoder.SparseCode trainedCode(Ops tf, Decoder decoder, KeptLatents kept) {
        return decoder.sparseCode(kept.sharedIndices, tf.stack(kept.trainedValues, Stack.axis(1L)), kept.indices.size());
    }

    /**
     * As the official global model: the counters are updated before AuxK, so a latent that fires in this
     * batch is alive (the candidates are the latents dead after the update unless they fire).
     */
    @Override
    public Operand<TFloat32> deadForAuxK(Ops tf, Operand<TFloat32> candidates, Operand<TFloat32> fired) {
        return tf.math.mul(candidates, tf.math.sub(tf.constant(1f), fired));
    }

    @Override
    public int candidateLookahead() {
        return 1;
    }
}
