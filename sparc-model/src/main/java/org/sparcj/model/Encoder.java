package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The encoder (docs/METHOD.md, Model): per stream, the raw logits h_s = (x_s - b_pre_s) W_enc_s + b_lat_s. */
final class Encoder {
    private final Ops tf;
    private final SparcParameters parameters;
    private final int latents;
    /**
     * Per stream: x_s - b_pre_s, the logits transposed h_sᵀ [L x B] as computed, and h_s [B x L] (a
     * transpose that runs only where a graph needs it). Both gradient-free under SPARSE.
     */
    private final List<Operand<TFloat32>> centred = new ArrayList<>();
    private final List<Operand<TFloat32>> logitsT = new ArrayList<>();
    private final List<Operand<TFloat32>> logits = new ArrayList<>();

    Encoder(Ops tf, List<Placeholder<TFloat32>> x, SparcParameters parameters, int latents, boolean sparse) {
        this.tf = tf;
        this.parameters = parameters;
        this.latents = latents;
        for (int s = 0; s < x.size(); s++) {
            centred.add(tf.math.sub(x.get(s), parameters.preBias.get(s)));
            Operand<TFloat32> hT = logitsTransposed(s);
            // SPARSE: the loss reaches h only through keptLogits, which carries the sparse gradient.
            logitsT.add(sparse ? tf.stopGradient(hT) : hT);
            logits.add(transpose(logitsT.get(s)));
        }
    }

    /** h_s, [B x L]. */
    Operand<TFloat32> logits(int s) {
        return logits.get(s);
    }

    /** sum_s h_s, [B x L], which Global TopK ranks: summed transposed, then one transpose for all streams. */
    Operand<TFloat32> summedLogits() {
        return logits.size() > 1 ? transpose(tf.math.addN(new ArrayList<>(logitsT))) : logits.get(0);
    }

    /** h_sᵀ = W_enc_s (x_s - b_pre_s)ᵀ + b_lat_s, [L x B]. */
    private Operand<TFloat32> logitsTransposed(int s) {
        // [L x d]·[B x d]ᵀ: the same products as xc·W_encᵀ, but TensorFlow's CPU matmul runs this
        // orientation faster, by how much depends on the CPU (B = 256 is the short side; `bin/sparc bench`
        // times both: 1.1x on the 2-core EPYC of the README's figures, up to 2.5-3x on other machines).
        Operand<TFloat32> productT = tf.linalg.matMul(parameters.enc.get(s), centred.get(s), MatMul.transposeB(true));
        return tf.math.add(productT, tf.expandDims(parameters.latBias.get(s), tf.constant(1)));
    }

    private Operand<TFloat32> transpose(Operand<TFloat32> m) {
        return tf.linalg.transpose(m, tf.constant(new int[] {1, 0}));
    }

    /** h_s[b, idx[b, j]] with the sparse gradient of {@link KeptLogitsGradient} (SPARSE only). */
    Operand<TFloat32> keptLogits(int s, Operand<TInt32> idx) {
        // Read from h_sᵀ at (latent, sample): no [B x L] transpose of this stream's logits.
        Operand<TFloat32> values = tf.gatherNd(logitsT.get(s),
                tf.stack(List.of(idx, KeptLatents.sampleOf(tf, idx)), Stack.axis(2L)));                      // [B, n]
        SparseCoordinates at = SparseCoordinates.of(tf, idx, 1, latents);
        return KeptLogitsGradient.carry(tf, values, at, tf.reshape(idx, tf.constant(new int[] {-1})),
                latents, parameters.enc.get(s), centred.get(s), parameters.latBias.get(s), parameters.preBias.get(s));
    }
}
