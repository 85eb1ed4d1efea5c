package org.sparcj.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * One training step with one AuxK variant (docs/METHOD.md, Training): the loss, its raw gradients, and the
 * update (decoder constraint, then Adam) that runs only when the loss is finite.
 *
 * @param gradients raw, before the decoder projection, in the parameters' order
 * @param step      the update: run it to take the step
 */
record TrainingStep(Operand<TFloat32> loss, Operand<TFloat32> auxLoss, Operand<TBool> finite,
                    List<Operand<TFloat32>> gradients, Op step) {

    static TrainingStep build(Ops tf, String name, SparcLoss sparcLoss, List<Operand<TFloat32>> auxTerms,
                              SparcParameters parameters, Adam adam, GraphStages stages) {
        stages.begin("loss");
        SparcLoss.Total total = sparcLoss.total(name, auxTerms);
        Operand<TFloat32> loss = total.loss();
        Operand<TBool> finite = tf.math.isFinite(loss);

        stages.begin("gradients");
        Map<String, List<Operand<TFloat32>>> rowDots = new HashMap<>();
        var grads = SparseDecodeGradient.collectingRowDots(rowDots, () -> tf.gradients(loss, parameters.all));
        List<Operand<TFloat32>> raw = new ArrayList<>();
        List<Op> gradDeps = new ArrayList<>();
        // Reported values outside the gradient path (the cross loss when lambda = 0) read the decoders
        // too: they must run before the decoder normalisation rewrites them.
        gradDeps.add(tf.identity(sparcLoss.self));
        gradDeps.add(tf.identity(sparcLoss.cross));
        gradDeps.add(tf.identity(total.auxLoss()));
        for (int i = 0; i < parameters.all.size(); i++) {
            raw.add(grads.dy(i));
            gradDeps.add(tf.identity(grads.dy(i)));
        }
        // A non-finite loss skips the step: the update reads the gradients through a Switch on `finite`,
        // so on a skipped step no update op runs at all (no guarded copy of every gradient either).
        stages.begin("Adam");
        List<Operand<TFloat32>> gated = new ArrayList<>();
        for (Operand<TFloat32> g : raw) gated.add(tf.switchCond(g, finite).outputTrue());
        // Every update writes a variable in place: all of them wait until every gradient (and reported
        // loss) has read the old values.
        Ops afterGrads = tf.withControlDependencies(gradDeps);
        List<Op> updates = new ArrayList<>();
        Adam.Update update = adam.update();
        for (int i = 0; i < parameters.all.size(); i++) {
            Variable<TFloat32> p = parameters.all.get(i);
            Operand<TFloat32> g = gated.get(i);
            Ops scope = afterGrads;
            if (parameters.dec.contains(p)) {
                stages.begin("decoder constraint");
                // Under SPARSE every path to a decoder is a sparse decode product: its row dots come with them.
                List<Operand<TFloat32>> dots = rowDots.get(p.op().name());
                Operand<TFloat32> dot = dots == null ? null : dots.size() == 1 ? dots.get(0) : tf.math.addN(dots);
                DecoderConstraint.Projected projected = DecoderConstraint.apply(tf, p, g, dot, finite, gradDeps);
                g = projected.gradient();
                scope = tf.withControlDependencies(List.of(projected.normalised()));
                stages.begin("Adam");
            }
            updates.add(update.apply(scope, p, i, g));
        }
        Op step = tf.withControlDependencies(updates).withName("train_step_" + name).noOp();
        return new TrainingStep(loss, total.auxLoss(), finite, raw, step);
    }
}
