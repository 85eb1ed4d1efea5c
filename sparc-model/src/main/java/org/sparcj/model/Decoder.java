package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The decoder (docs/METHOD.md, Model): xhat_{s->t} = z_s W_dec_t + b_pre_t, under SPARSE from the kept
 * entries alone (a sparse-dense product with the sparse gradient of {@link SparseDecodeGradient}), under
 * DENSE as the plain masked graph.
 */
final class Decoder {
    private final Ops tf;
    private final SparcParameters parameters;
    private final SparcConfig cfg;
    private final boolean sparse;

    Decoder(Ops tf, SparcParameters parameters, SparcConfig cfg, boolean sparse) {
        this.tf = tf;
        this.parameters = parameters;
        this.cfg = cfg;
        this.sparse = sparse;
    }

    /** The training reconstructions, [source s][target t], from the kept latents. */
    List<List<Operand<TFloat32>>> reconstructions(KeptLatents kept, Encoder encoder, TopKSelection selection) {
        int streams = cfg.streamCount();
        List<List<Operand<TFloat32>>> recon = new ArrayList<>();
        for (int s = 0; s < streams; s++) recon.add(new ArrayList<>());
        if (sparse) {
            // Every source decodes through one sparse [B*M, L] code matrix per target (row b*M+s holds source
            // s of sample b): a sparse-dense product, no [B, k, d] gathered rows in the forward pass.
            SparseCode code = selection.trainedCode(tf, this, kept);
            for (int t = 0; t < streams; t++) {
                Operand<TFloat32> out = tf.reshape(decodeSparse(code, t), tf.constant(new int[] {-1, streams, cfg.dim(t)}));
                for (int s = 0; s < streams; s++) {
                    Operand<TFloat32> xs = tf.gather(out, tf.constant(s), tf.constant(1));   // [B, d]
                    recon.get(s).add(tf.math.add(xs, parameters.preBias.get(t)));
                }
            }
        } else {
            for (int s = 0; s < streams; s++)
                for (int t = 0; t < streams; t++)
                    recon.get(s).add(decode(kept.indices.get(s), kept.trainedValues.get(s), encoder.logits(s), t));
        }
        return recon;
    }

    /** Decoding inside the training graph: sparse (gathered rows) or dense (masked matmul). */
    Operand<TFloat32> decode(Operand<TInt32> idx, Operand<TFloat32> values, Operand<TFloat32> logits, int t) {
        if (sparse) return decodeCodes(idx, values, t);
        // DENSE: the plain masked graph, z = ReLU(h) at the kept indices, 0 elsewhere; xhat = z W_dec + b_pre.
        Operand<TFloat32> mask = keptMask(idx, logits);
        Operand<TFloat32> z = tf.math.mul(tf.nn.relu(logits), mask);
        return tf.math.add(tf.linalg.matMul(z, parameters.dec.get(t)), parameters.preBias.get(t));
    }

    /**
     * Sparse codes as a [R*sources, L] sparse matrix: row r*sources+m holds {@code values[r, m, :]} at the
     * columns {@code idx[r, :]} (every m of a row r shares its k indices).
     */
    record SparseCode(SparseCoordinates at, Operand<TFloat32> values, Operand<TInt32> idx, int sources) {
    }

    /** {@code values} [R, sources, k] row-major; the code holds them in its coordinates' (latent) order. */
    SparseCode sparseCode(Operand<TInt32> idx, Operand<TFloat32> values, int sources) {
        SparseCoordinates at = SparseCoordinates.of(tf, idx, sources, cfg.latentSize());
        return new SparseCode(at, tf.gather(tf.reshape(values, tf.constant(new int[] {-1})), at.order(), tf.constant(0)),
                idx, sources);
    }

    /** code · W_dec_t, [R*sources, d_t], with the sparse gradient of {@link SparseDecodeGradient}. */
    private Operand<TFloat32> decodeSparse(SparseCode code, int t) {
        var product = tf.sparse.sparseTensorDenseMatMul(code.at().coords(), code.values(), code.at().shape(),
                parameters.dec.get(t));
        SparseDecodeGradient.shareRows(product, code.idx(), code.sources(), code.at().order());
        return product;
    }

    /**
     * xhat = z W_dec_t + b_pre_t from the kept latents (idx, values [rows x k]) as a sparse-dense product:
     * no [rows, k, d] block of gathered decoder rows (inference decodes use it at every size).
     */
    Operand<TFloat32> decodeCodes(Operand<TInt32> idx, Operand<TFloat32> values, int t) {
        return tf.math.add(decodeSparse(sparseCode(idx, values, 1), t), parameters.preBias.get(t));
    }

    /** 1 at [b, idx[b, j]], 0 elsewhere, shaped like {@code like}. */
    private Operand<TFloat32> keptMask(Operand<TInt32> idx, Operand<TFloat32> like) {
        Operand<TInt32> coords = tf.stack(List.of(KeptLatents.sampleOf(tf, idx), idx), Stack.axis(2L));  // [B, k, 2]
        Operand<TFloat32> ones = tf.onesLike(tf.dtypes.cast(idx, TFloat32.class));
        return tf.stopGradient(tf.scatterNd(coords, ones, tf.shape(like)));
    }
}
