package org.sparcj.model;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

/**
 * Which step of the method built each op of a graph (encoder, selection, decode, loss, gradients,
 * decoder constraint, Adam, ...), so a profile can say where a training step's time goes by the
 * method's named pieces rather than by TensorFlow's op names. A build step calls {@link #begin} before
 * it creates its ops.
 */
final class GraphStages {
    private final Graph graph;
    /** Off, begin does nothing and every op is "unmarked": a mark walks every op of the graph so far. */
    private final boolean enabled;
    private final Map<String, String> stageOf = new HashMap<>();
    private String current = "setup";

    GraphStages(Graph graph, boolean enabled) {
        this.graph = graph;
        this.enabled = enabled;
    }

    /** Every op created since the previous call belongs to the previous stage; later ones to {@code stage}. */
    void begin(String stage) {
        if (!enabled) return;
        var it = graph.operations();
        while (it.hasNext()) stageOf.putIfAbsent(((GraphOperation) it.next()).name(), current);
        current = stage;
    }

    /** The stage of op {@code name}, or "runtime" for one the graph does not have (a runtime-inserted op). */
    String of(String name) {
        if (!enabled) return "unmarked";
        if (!stageOf.containsKey(name)) begin(current);
        return stageOf.getOrDefault(name, "runtime");
    }
}
