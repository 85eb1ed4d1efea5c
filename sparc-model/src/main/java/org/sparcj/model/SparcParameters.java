package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The trained parameters of every stream (docs/METHOD.md, Model): W_enc_s, b_lat_s, W_dec_s, b_pre_s.
 * Encoder and decoder are stored latent-major, [L x d], so selecting latents gathers contiguous rows;
 * {@code enc} is the method's W_enc transposed.
 */
final class SparcParameters {
    private final GraphVariables variables;
    final List<Variable<TFloat32>> enc = new ArrayList<>();
    final List<Variable<TFloat32>> latBias = new ArrayList<>();
    final List<Variable<TFloat32>> dec = new ArrayList<>();
    final List<Variable<TFloat32>> preBias = new ArrayList<>();
    /** All of them in checkpoint order (per stream: enc, lat_bias, dec, pre_bias), with their names. */
    final List<Variable<TFloat32>> all = new ArrayList<>();
    final List<String> names = new ArrayList<>();

    SparcParameters(GraphVariables variables) {
        this.variables = variables;
    }

    /** Creates stream s's parameters for inputs of dimension d, with L latents. */
    void addStream(int s, int d, int latents) {
        enc.add(create("enc_" + s, Shape.of(latents, d)));
        latBias.add(create("lat_bias_" + s, Shape.of(latents)));
        dec.add(create("dec_" + s, Shape.of(latents, d)));
        preBias.add(create("pre_bias_" + s, Shape.of(d)));
    }

    private Variable<TFloat32> create(String name, Shape shape) {
        Variable<TFloat32> v = variables.create(name, shape);
        all.add(v);
        names.add(name);
        return v;
    }
}
