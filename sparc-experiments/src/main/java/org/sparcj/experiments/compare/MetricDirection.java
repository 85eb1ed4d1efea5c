package org.sparcj.experiments.compare;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a lower or a higher value of a metric is better (docs/METHOD.md, Metrics), from its name, so the
 * table and the plots can say so. Counts and sizes (rows, steps, gallery size) have no direction.
 */
enum MetricDirection {
    LOWER("lower is better", "\u2193"), HIGHER("higher is better", "\u2191"), NONE("", "");

    private record Rule(Pattern pattern, MetricDirection direction) {
    }

    // First match wins: "all_dead" before "alive", "median_rank" before the retrieval scores.
    private static final List<Rule> RULES = List.of(
            rule("nmse|loss|dead|mixed|median_rank", LOWER),
            rule("jaccard|all_alive|r_at_\\d+|mrr|probe_mlp\\.map|assigned_fraction|agreeing_latents", HIGHER));

    private final String words;
    private final String arrow;

    MetricDirection(String words, String arrow) {
        this.words = words;
        this.arrow = arrow;
    }

    static MetricDirection of(String metric) {
        for (Rule r : RULES) if (r.pattern.matcher(metric).find()) return r.direction;
        return NONE;
    }

    /** "lower is better", or "" without a direction. */
    String words() { return words; }

    /** The metric's name followed by its arrow (↓ or ↑), for table headers. */
    String header(String metric) {
        return this == NONE ? metric : metric + " " + arrow;
    }

    /** The metric's name with its direction in words, for axis titles. */
    String axisTitle(String metric) {
        return this == NONE ? metric : metric + " (" + words + ")";
    }

    private static Rule rule(String regex, MetricDirection d) {
        return new Rule(Pattern.compile(regex), d);
    }
}
