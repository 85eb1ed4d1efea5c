package org.sparcj.experiments.tracking;

/** One metric value at a step. */
public record MetricPoint(String key, double value, long step, long timestampMillis) {
}
