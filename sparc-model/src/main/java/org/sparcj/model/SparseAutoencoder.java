package org.sparcj.model;

import java.util.List;
import org.sparcj.data.StreamInfo;

/**
 * Inference view of a trained SPARC model. Inputs are raw features [rows x dim], row-major; the
 * model scales them to unit L2 norm itself (see {@link InputScaling}); reconstructions live in that
 * unit-norm space.
 */
public interface SparseAutoencoder {

    List<StreamInfo> streams();

    int latentSize();

    int k();

    /** Encodes one stream on its own: that stream's own TopK, whatever mode the model trained with. */
    SparseCodes encode(int stream, float[] x, int rows);

    /** Encodes all streams together with the trained selection mode (GLOBAL: one shared index set). */
    SparseCodes[] encodeJoint(float[][] xs, int rows);

    /**
     * Both encodings of the same rows: {@link #encodeJoint} and every stream {@link #encode}d on its own.
     * The evaluation needs both (docs/METHOD.md, Metrics: which encoding); a model that computes the
     * logits once for both should override this.
     */
    default Encodings encodeBoth(float[][] xs, int rows) {
        SparseCodes[] own = new SparseCodes[xs.length];
        for (int s = 0; s < xs.length; s++) own[s] = encode(s, xs[s], rows);
        return new Encodings(encodeJoint(xs, rows), own);
    }

    /** Per stream, the joint codes and the stream's own codes of the same rows. */
    record Encodings(SparseCodes[] joint, SparseCodes[] own) {
    }

    /** Decodes codes into stream {@code target}: z W_dec_target + b_pre_target, [rows x dim(target)]. */
    float[] decode(int target, SparseCodes codes);
}
