package org.sparcj.experiments.regress;

import java.util.Comparator;
import java.util.List;

/**
 * How far a metric may move from its baseline mean before it counts as moved:
 * {@code max(kSigma * std over seeds, absoluteFloor, relativeFloor * |baseline mean|)}. The spread
 * term is measured (the baseline's seeds); the floors keep metrics whose seeds agree exactly
 * (e.g. mixed_fraction = 0 under Global TopK) from failing on rounding noise. An override with the
 * longest matching metric-name prefix replaces the floors and/or k for those metrics.
 */
public record TolerancePolicy(double kSigma, double absoluteFloor, double relativeFloor, List<Override> overrides) {

    public TolerancePolicy {
        check("k_sigma", kSigma);
        check("absolute_floor", absoluteFloor);
        check("relative_floor", relativeFloor);
        overrides = List.copyOf(overrides);
    }

    /** Per-prefix replacement of some of the three numbers; null keeps the default. */
    public record Override(String metricPrefix, Double kSigma, Double absoluteFloor, Double relativeFloor) {
        public Override {
            if (metricPrefix == null || metricPrefix.isBlank()) {
                throw new IllegalArgumentException("a tolerance override needs a non-empty prefix");
            }
            if (kSigma != null) check("k_sigma", kSigma);
            if (absoluteFloor != null) check("absolute_floor", absoluteFloor);
            if (relativeFloor != null) check("relative_floor", relativeFloor);
        }
    }

    /** The tolerance for one metric given its baseline statistics. */
    public double tolerance(String metric, MetricStats stats) {
        Override o = overrides.stream().filter(x -> metric.startsWith(x.metricPrefix()))
                .max(Comparator.comparingInt(x -> x.metricPrefix().length())).orElse(null);
        double k = o != null && o.kSigma() != null ? o.kSigma() : kSigma;
        double abs = o != null && o.absoluteFloor() != null ? o.absoluteFloor() : absoluteFloor;
        double rel = o != null && o.relativeFloor() != null ? o.relativeFloor() : relativeFloor;
        double spread = Double.isFinite(stats.std()) ? k * stats.std() : 0.0;
        double relative = Double.isFinite(stats.mean()) ? rel * Math.abs(stats.mean()) : 0.0;
        return Math.max(spread, Math.max(abs, relative));
    }

    private static void check(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("tolerance " + name + " must be a finite number >= 0, got " + v);
        }
    }
}
