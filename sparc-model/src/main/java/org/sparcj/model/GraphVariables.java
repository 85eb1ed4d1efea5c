package org.sparcj.model;

import java.nio.file.Path;
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
    final List<String> names = new ArrayList<>();

    GraphVariables(Ops tf) {
        this.tf = tf;
    }

    Variable<TFloat32> create(String name, Shape shape) {
        Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
        Placeholder<TFloat32> value = tf.withName(name + "_value").placeholder(TFloat32.class, Placeholder.shape(shape));
        assignValue.add(value);
        assignOp.add(tf.withName(name + "_assign").assign(v, value));
        all.add(v);
        names.add(name);
        return v;
    }

    /**
     * An op that points variable i, which must have no buffer yet, at a read-only mapping of {@code file}
     * (raw native-order floats of its shape): {@link MappedWeights}. Built when needed: a model maps each
     * parameter once.
     */
    Op mapFrom(int i, Path file) {
        Variable<TFloat32> v = all.get(i);
        return tf.assign(v, tf.immutableConst(TFloat32.class, v.shape(), file.toString()));
    }
}
