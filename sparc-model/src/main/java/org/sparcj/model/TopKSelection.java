package org.sparcj.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Which latents each stream keeps (docs/METHOD.md, Model): {@link LocalTopK}, each stream its own top k;
 * {@link GlobalTopK}, the top k of the logits summed over streams, shared by all. The only place the
 * {@link TopKMode} is branched on.
 */
sealed interface TopKSelection permits LocalTopK, GlobalTopK {

    static TopKSelection of(TopKMode mode) {
        return switch (mode) {
            case LOCAL -> new LocalTopK();
            case GLOBAL -> new GlobalTopK();
        };
    }

    /**
     * Of a stream's own top k and the shared top k of the summed logits (indices or their values), the
     * one that training and joint encoding keep.
     */
    <T> T kept(T own, T shared);

    /** The trained codes of all streams as one sparse code, so each target decodes them in one product. */
    Decoder.SparseCode trainedCode(Ops tf, Decoder decoder, KeptLatents kept);

    /**
     * The latents AuxK may use in a batch, [L], from the fed candidates (see {@link #candidateLookahead})
     * and the latents that fired in it.
     */
    Operand<TFloat32> deadForAuxK(Ops tf, Operand<TFloat32> candidates, Operand<TFloat32> fired);

    /**
     * Steps ahead of the counters at which a latent is a dead-latent candidate: the official timing differs
     * by mode (see the implementations).
     */
    int candidateLookahead();
}
