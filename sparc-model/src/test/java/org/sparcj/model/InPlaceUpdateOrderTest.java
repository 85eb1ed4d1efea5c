package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;

/**
 * The training step updates variables in place (the decoder rewrite, Adam). TensorFlow orders ops only by
 * their data and control edges, so every op of the step that reads a variable must be ordered before or after
 * each op that writes it; one that is neither reads old or new values depending on thread timing, and runs
 * stop being bitwise reproducible on more than one core. This walks the real graph and checks that order.
 * (Timing can also change a kernel's result without any variable involved: StepDeterminismTest covers that.)
 */
class InPlaceUpdateOrderTest {
    /** Ops that write their first (ref) input in place. */
    private static final Set<String> WRITERS = Set.of("Assign", "AssignAdd", "AssignSub", "ApplyAdam", "ScatterUpdate",
            "ScatterAdd", "ScatterSub");
    /** Ops whose output is the input's buffer (a read through them is a read of the variable). */
    private static final Set<String> ALIASES = Set.of("Identity", "Reshape", "ExpandDims", "Squeeze", "RefIdentity",
            "Switch", "RefSwitch", "Snapshot");

    @ParameterizedTest
    @CsvSource({"GLOBAL,SPARSE", "LOCAL,SPARSE", "GLOBAL,DENSE", "LOCAL,DENSE"})
    void everyReadOfAVariableIsOrderedAgainstEveryWriteOfIt(TopKMode mode, DecodeMode decode) {
        SparcConfig cfg = SparcConfig.defaults(TestData.streams(6, 5, 4)).with("latent_size", 12, "k", 3, "k_aux", 4,
                "topk", mode, "decode", decode, "lambda", 0.8, "alpha", 0.5, "dead_steps", 2, "seed", 17);
        try (SparcGraph g = new SparcGraph(cfg, false, false)) {
            for (TrainingStep step : List.of(g.withDead, g.noDead)) {
                // what one training run executes: the step and what the trainer fetches with it
                List<Operand<?>> fetched = new ArrayList<>(List.of(step.finite(), step.loss(), g.loss.self, g.loss.cross,
                        step.auxLoss()));
                fetched.addAll(g.deadLatents.fired);
                Set<GraphOperation> run = ancestors((GraphOperation) step.step().op());
                for (Operand<?> f : fetched) run.addAll(ancestors((GraphOperation) f.op()));
                int writes = 0;
                for (GraphOperation v : run) {
                    if (!v.type().equals("VariableV2")) continue;
                    Set<GraphOperation> users = new HashSet<>();
                    readers(v, users);
                    users.retainAll(run);
                    List<GraphOperation> writers = users.stream().filter(u -> WRITERS.contains(u.type())
                            && u.input(0).op().equals(v)).toList();
                    for (GraphOperation w : writers) {
                        writes++;
                        Set<GraphOperation> before = ancestors(w);
                        for (GraphOperation r : users) {
                            if (r.equals(w) || before.contains(r) || ancestors(r).contains(w)) continue;
                            throw new AssertionError(r.type() + " " + r.name() + " reads " + v.name()
                                    + " unordered against its write " + w.type() + " " + w.name());
                        }
                    }
                }
                assertTrue(writes > 0, "the step writes variables");
            }
        }
    }

    /** The ops that read or write variable {@code op}: its consumers, and through aliasing ops theirs. */
    private static void readers(GraphOperation op, Set<GraphOperation> into) {
        for (int o = 0; o < op.numOutputs(); o++)
            for (GraphOperation c : op.consumers(o)) {
                if (!into.add(c)) continue;
                if (ALIASES.contains(c.type()) || (WRITERS.contains(c.type()) && c.type().startsWith("Assign"))) readers(c, into);
            }
    }

    private static Set<GraphOperation> ancestors(GraphOperation op) {
        Set<GraphOperation> seen = new HashSet<>();
        ArrayDeque<GraphOperation> todo = new ArrayDeque<>(List.of(op));
        while (!todo.isEmpty()) {
            GraphOperation o = todo.pop();
            if (!seen.add(o)) continue;
            for (int i = 0; i < o.numInputs(); i++) todo.push((GraphOperation) o.input(i).op());
            todo.addAll(o.controlInputs());
        }
        return seen;
    }
}
