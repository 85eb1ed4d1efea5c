package org.sparcj.experiments.regress;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * One metric of one configuration over its seeds: mean, sample standard deviation (n - 1; 0 for a
 * single seed), min, max and the number of seeds.
 */
public record MetricStats(double mean, double std, double min, double max, int n) {

    /** Statistics of the per-seed values (NaN values propagate into mean/std/min/max). */
    public static MetricStats of(double[] perSeed) {
        if (perSeed.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        DescriptiveStatistics s = new DescriptiveStatistics(perSeed);
        double std = perSeed.length > 1 ? s.getStandardDeviation() : 0.0;
        return new MetricStats(s.getMean(), std, s.getMin(), s.getMax(), perSeed.length);
    }
}
