package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Every variable of a graph in creation order (the checkpoint order), each with an assign-from-placeholder
 * op, so checkpoints and initialisation can write any of them.
 */
final class GraphVariables {
    private final Ops tf;
    final List<Variable<TFloat32>> all = new ArrayList<>();
    final List<Placeholder<TFloat32>> assignValue = new ArrayList<>();
    final List<Op> assignOp = new ArrayList<>();

    GraphVariables(Ops tf) {
        this.tf = tf;
    }

    Variable<TFloat32> create(String name, Shape shape) {
        Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
        Placeholder<TFloat32> value = tf.withName(name + "_value").placeholder(TFloat32.class, Placeholder.shape(shape));
        assignValue.add(value);
        assignOp.add(tf.withName(name + "_assign").assign(v, value));
        all.add(v);
        return v;
    }
}
