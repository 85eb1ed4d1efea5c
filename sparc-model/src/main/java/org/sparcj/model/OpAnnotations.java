package org.sparcj.model;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.op.Op;

/**
 * Values attached to ops of a graph, by graph and op name. A registered gradient is global to the JVM
 * and sees only the op it differentiates; this is how it finds what the building graph declared
 * about that op. {@link #forget} drops a closed graph's entries.
 */
final class OpAnnotations<V> {
    private final Map<ExecutionEnvironment, Map<String, V>> byGraph = new IdentityHashMap<>();

    synchronized void put(Op op, V value) {
        byGraph.computeIfAbsent(op.env(), e -> new HashMap<>()).put(op.op().name(), value);
    }

    /** The value attached to {@code op}, or null. */
    synchronized V get(Op op) {
        Map<String, V> m = byGraph.get(op.env());
        return m == null ? null : m.get(op.op().name());
    }

    synchronized void forget(ExecutionEnvironment graph) {
        byGraph.remove(graph);
    }
}
