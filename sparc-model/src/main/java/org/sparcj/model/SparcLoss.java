package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The SPARC loss (docs/METHOD.md, Loss): the mean self NMSE, lambda times the mean cross NMSE, and alpha
 * times the mean AuxK NMSE. AuxK comes in two variants: the general one, and the exact shortcut when no
 * stream has a dead-latent candidate.
 */
final class SparcLoss {
    private final Ops tf;
    private final SparcConfig cfg;
    /** (1/M) sum_s NMSE(xhat_{s->s}, x_s), and the mean cross NMSE (0 with one stream). */
    final Operand<TFloat32> self;
    final Operand<TFloat32> cross;
    /** self + lambda * cross. */
    final Operand<TFloat32> base;
    /** Per stream, AuxK_s: the general graph, and the shortcut when no latent can be dead. */
    final List<Operand<TFloat32>> auxWithDead = new ArrayList<>();
    final List<Operand<TFloat32>> auxNoDead = new ArrayList<>();

    SparcLoss(Ops tf, SparcConfig cfg, List<Placeholder<TFloat32>> x, List<List<Operand<TFloat32>>> recon,
              SparcParameters parameters, Encoder encoder, KeptLatents kept, Decoder decoder,
              TopKSelection selection, DeadLatents deadLatents, boolean sparse) {
        this.tf = tf;
        this.cfg = cfg;
        int streams = cfg.streamCount();
        // Fired latents, reconstruction terms and AuxK, per stream.
        List<Operand<TFloat32>> selfTerms = new ArrayList<>();
        List<Operand<TFloat32>> crossTerms = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            Operand<TFloat32> firedS = deadLatents.fire(kept.indices.get(s), kept.trainedValues.get(s));
            Operand<TFloat32> residual = tf.math.add(tf.math.sub(x.get(s), tf.stopGradient(recon.get(s).get(s))),
                    tf.stopGradient(parameters.preBias.get(s)));
            Operand<TFloat32> deadNow = selection.deadForAuxK(tf, deadLatents.candidates.get(s), firedS);
            Operand<TFloat32> masked = tf.math.mul(encoder.logits(s), deadNow);
            Operand<TInt32> auxIdx = KeptLatents.topK(tf, masked, cfg.kAux());
            Operand<TFloat32> auxVal = tf.nn.relu(sparse
                    ? tf.math.mul(encoder.keptLogits(s, auxIdx), tf.gather(deadNow, auxIdx, tf.constant(0)))
                    : KeptLatents.batchGather(tf, masked, auxIdx));
            auxWithDead.add(nmse(decoder.decode(auxIdx, auxVal, masked, s), residual));
            // With no dead latent every masked logit is 0, so the AuxK codes are 0 and its reconstruction
            // is b_pre alone: the same value and gradient without the top-k and decode over L latents.
            auxNoDead.add(nmse(tf.math.add(tf.zerosLike(residual), parameters.preBias.get(s)), residual));
            for (int t = 0; t < streams; t++) {
                Operand<TFloat32> term = nmse(recon.get(s).get(t), x.get(t));
                (s == t ? selfTerms : crossTerms).add(term);
            }
        }
        self = tf.withName("self_loss").math.div(tf.math.addN(selfTerms), tf.constant((float) streams));
        cross = crossTerms.isEmpty() ? tf.withName("cross_loss").constant(0f)
                : tf.withName("cross_loss").math.div(tf.math.addN(crossTerms), tf.constant((float) crossTerms.size()));
        Operand<TFloat32> weighted = self;
        if (!crossTerms.isEmpty() && cfg.lambda() > 0)
            weighted = tf.math.add(weighted, tf.math.mul(tf.constant((float) cfg.lambda()), cross));
        base = weighted;
    }

    /** The loss with one AuxK variant, named {@code loss_<name>}, and its mean AuxK term. */
    record Total(Operand<TFloat32> loss, Operand<TFloat32> auxLoss) {
    }

    Total total(String name, List<Operand<TFloat32>> auxTerms) {
        Operand<TFloat32> auxSum = tf.math.addN(auxTerms);
        Operand<TFloat32> auxLoss = tf.withName("aux_loss_" + name).math.div(auxSum, tf.constant((float) cfg.streamCount()));
        Operand<TFloat32> total = base;
        if (cfg.alpha() > 0) {
            // As the official code: the AuxK term joins the loss whenever its sum is positive.
            Operand<TFloat32> auxTerm = tf.math.mul(tf.constant((float) cfg.alpha()), auxLoss);
            total = tf.math.add(total, tf.select(tf.math.greater(auxSum, tf.constant(0f)), auxTerm, tf.constant(0f)));
        }
        return new Total(tf.withName("loss_" + name).identity(total), auxLoss);
    }

    /** Per-sample sum_d (xhat - x)^2 / sum_d x^2, averaged over the batch. */
    private Operand<TFloat32> nmse(Operand<TFloat32> xhat, Operand<TFloat32> target) {
        Operand<TFloat32> err = tf.sum(tf.math.squaredDifference(xhat, target), tf.constant(1));
        Operand<TFloat32> energy = tf.sum(tf.math.square(target), tf.constant(1));
        return tf.math.mean(tf.math.div(err, energy), tf.constant(0));
    }
}
