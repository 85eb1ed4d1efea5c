package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Dead-latent tracking and re-initialisation in the graph (docs/METHOD.md, Loss and Training): the fed
 * candidates AuxK may use, the latents that fired in a batch (the counters themselves are kept by
 * {@link DeadLatentCounters}), and the op that re-initialises dead latents' encoder rows.
 */
final class DeadLatents {
    private final Ops tf;
    private final int latents;
    private final double fireThreshold;
    /** Per stream, [L]: 1 for a latent that is dead unless it fires in this batch (see {@link TopKSelection}). */
    final List<Placeholder<TFloat32>> candidates = new ArrayList<>();
    /** Per stream, [L]: 1 for a latent that fired in this batch. */
    final List<Operand<TFloat32>> fired = new ArrayList<>();
    /** Per stream: the dead latents and their new encoder rows, and the op that writes them (latent bias 0). */
    final List<Placeholder<TInt32>> reinitIndices = new ArrayList<>();
    final List<Placeholder<TFloat32>> reinitRows = new ArrayList<>();
    final List<Op> reinitOps = new ArrayList<>();

    DeadLatents(Ops tf, int latents, double fireThreshold) {
        this.tf = tf;
        this.latents = latents;
        this.fireThreshold = fireThreshold;
    }

    void addCandidates(int s) {
        candidates.add(tf.withName("dead_candidate_" + s).placeholder(TFloat32.class, Placeholder.shape(Shape.of(latents))));
    }

    /** Stream s's fired latents: kept in some sample with an activation above the fire threshold. [L] */
    Operand<TFloat32> fire(Operand<TInt32> idx, Operand<TFloat32> values) {
        Operand<TFloat32> above = tf.dtypes.cast(tf.math.greater(values, tf.constant((float) fireThreshold)), TFloat32.class);
        Operand<TInt32> flatIdx = tf.reshape(idx, tf.constant(new int[] {-1, 1}));
        Operand<TFloat32> counts = tf.scatterNd(flatIdx, tf.reshape(above, tf.constant(new int[] {-1})),
                tf.constant(new int[] {latents}));
        Operand<TFloat32> firedS = tf.dtypes.cast(tf.math.greater(counts, tf.constant(0f)), TFloat32.class);
        fired.add(firedS);
        return firedS;
    }

    /** The re-initialisation of every stream: the fed rows into W_enc, 0 into b_lat, at the fed latents. */
    void addReinitialisation(SparcParameters parameters, SparcConfig cfg) {
        for (int s = 0; s < cfg.streamCount(); s++) {
            Placeholder<TInt32> idx = tf.withName("reinit_idx_" + s).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TFloat32> rows = tf.withName("reinit_rows_" + s)
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, cfg.dim(s))));
            reinitIndices.add(idx);
            reinitRows.add(rows);
            Op a = tf.scatterUpdate(parameters.enc.get(s), idx, rows);
            Op b = tf.scatterUpdate(parameters.latBias.get(s), idx, tf.zerosLike(tf.dtypes.cast(idx, TFloat32.class)));
            reinitOps.add(tf.withControlDependencies(List.of(a, b)).noOp());
        }
    }
}
