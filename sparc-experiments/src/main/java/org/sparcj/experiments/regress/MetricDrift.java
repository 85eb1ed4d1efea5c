package org.sparcj.experiments.regress;

/**
 * One metric of one configuration, now against its baseline.
 *
 * @param cell      the configuration (params without seed)
 * @param metric    metric name
 * @param baseline  baseline statistics (null when the metric is NEW)
 * @param now       mean over the seeds of this run
 * @param nowSeeds  how many seeds this run averaged
 * @param tolerance allowed |now - baseline mean| (NaN when NEW)
 * @param status    WITHIN, MOVED (past tolerance, either direction) or NEW (not in the baseline; not compared)
 */
public record MetricDrift(CellKey cell, String metric, MetricStats baseline, double now, int nowSeeds,
                               double tolerance, Status status) {

    public enum Status { WITHIN, MOVED, NEW }

    /** now - baseline mean (NaN when NEW or either side is NaN). */
    public double delta() {
        return baseline == null ? Double.NaN : now - baseline.mean();
    }

    /** "up", "down", or "" when there is no numeric direction. */
    public String direction() {
        double d = delta();
        return Double.isNaN(d) || d == 0 ? "" : d > 0 ? "up" : "down";
    }
}
