package org.sparcj.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * PyTorch-exact Adam (docs/METHOD.md, Training) on TensorFlow's ApplyAdam kernel: the moments of every
 * parameter, and the bias-corrected step size and epsilon fed each step.
 */
final class Adam {
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final double EPS = 1e-8;

    private final Ops tf;
    /** First and second moments, in the parameters' order. */
    final List<Variable<TFloat32>> m = new ArrayList<>();
    final List<Variable<TFloat32>> v = new ArrayList<>();
    /** lr * sqrt(1 - beta2^t) / (1 - beta1^t): {@link #stepSize}. */
    final Placeholder<TFloat32> stepSize;
    /** {@link #epsilonHat}. */
    final Placeholder<TFloat32> epsilonHat;

    Adam(Ops tf, GraphVariables variables, SparcParameters parameters) {
        this.tf = tf;
        for (int i = 0; i < parameters.all.size(); i++)
            m.add(variables.create(parameters.names.get(i) + "_adam_m", parameters.all.get(i).shape()));
        for (int i = 0; i < parameters.all.size(); i++)
            v.add(variables.create(parameters.names.get(i) + "_adam_v", parameters.all.get(i).shape()));
        stepSize = scalarPlaceholder("step_size");
        epsilonHat = scalarPlaceholder("epsilon_hat");
        // Replacing each moment by an empty tensor frees its buffer (validate_shape off lets the shape change).
        List<Op> empty = new ArrayList<>();
        Operand<TFloat32> none = tf.zeros(tf.constant(new int[] {0}), TFloat32.class);
        for (Variable<TFloat32> moment : m) empty.add(tf.assign(moment, none, Assign.validateShape(false)));
        for (Variable<TFloat32> moment : v) empty.add(tf.assign(moment, none, Assign.validateShape(false)));
        release = tf.withControlDependencies(empty).withName("adam_release").noOp();
        for (int i = 0; i < parameters.all.size(); i++) {
            Operand<TFloat32> zeros = tf.zerosLike(parameters.all.get(i));
            reset.add(tf.withControlDependencies(List.of(tf.assign(m.get(i), zeros), tf.assign(v.get(i), zeros)))
                    .withName(parameters.names.get(i) + "_adam_reset").noOp());
        }
    }

    /** Frees the moments once training is over (evaluation needs the weights only); no step can run after it. */
    final Op release;

    /**
     * Per parameter, sets both moments to zeros of its shape (a new model) without feeding arrays from the heap.
     * Run one at a time: run together, every zeros tensor would be live at once, and the CPU allocator keeps that
     * peak for the rest of the process.
     */
    final List<Op> reset = new ArrayList<>();

    private Placeholder<TFloat32> scalarPlaceholder(String name) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    }

    /**
     * Adam's bias-corrected step size at step t (from 1), computed in double as PyTorch does, not in
     * float32 inside the kernel.
     */
    static float stepSize(double learningRate, long t) {
        return (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
    }

    /** PyTorch's Adam adds eps to sqrt(v_hat); TensorFlow's kernel to sqrt(v): scaling eps makes them equal. */
    static float epsilonHat(long t) {
        return (float) (EPS * Math.sqrt(1 - Math.pow(BETA2, t)));
    }

    /** The update ops of one training step: their constants, shared by every parameter. */
    Update update() {
        return new Update(tf.constant(BETA1), tf.constant(BETA2), tf.constant(0f));
    }

    final class Update {
        private final Operand<TFloat32> b1, b2, noPower;

        private Update(Operand<TFloat32> b1, Operand<TFloat32> b2, Operand<TFloat32> noPower) {
            this.b1 = b1;
            this.b2 = b2;
            this.noPower = noPower;
        }

        /** Parameter i moved by its gradient g, in {@code scope} (which orders it after what it must follow). */
        Op apply(Ops scope, Variable<TFloat32> p, int i, Operand<TFloat32> g) {
            // The bias correction is in the fed step size (beta powers 0 here).
            return scope.train.applyAdam(p, m.get(i), v.get(i), noPower, noPower, stepSize, b1, b2, epsilonHat, g);
        }
    }
}
