package org.sparcj.experiments.tracking;

import java.util.Map;

/** A run as read back from a tracker: params, latest value of each metric, tags, status. */
public record RunRecord(String runId, String runName, RunStatus status, Map<String, String> params,
                        Map<String, Double> metrics, Map<String, String> tags) {
}
