package org.sparcj.experiments.run;

import java.util.Map;

/**
 * The outcome of one grid cell: its name, the axis values that define it (e.g. topk=GLOBAL,
 * lambda=1, seed=2), and its final flat metrics (see the evaluation report's metric names).
 */
public record CellResult(String name, Map<String, String> params, Map<String, Double> metrics, String status) {
}
