package org.sparcj.experiments.regress;

import java.util.List;

/**
 * Everything one regression check found.
 *
 * @param claims      every claim's outcome, in claim-file order
 * @param drifts every metric of every configuration against the baseline (empty without one)
 * @param errors      problems that prevent a verdict: no baseline, a cell or metric missing, a
 *                    cell that did not finish (claim ERRORs are in {@code claims})
 * @param baseline    the baseline's provenance, or null
 * @param failOnKnown whether FAILs marked known_not_to_reproduce count for the exit code
 */
public record RegressionResult(List<ClaimOutcome> claims, List<MetricDrift> drifts, List<String> errors,
                               Baseline.Info baseline, boolean failOnKnown) {

    public RegressionResult {
        claims = List.copyOf(claims);
        drifts = List.copyOf(drifts);
        errors = List.copyOf(errors);
    }

    public long passed() {
        return count(ClaimOutcome.Status.PASS);
    }

    public long failed() {
        return count(ClaimOutcome.Status.FAIL);
    }

    /** Failed claims that the claims file marks as known not to reproduce (included in {@link #failed()}). */
    public long knownFailures() {
        return claims.stream().filter(ClaimOutcome::knownFailure).count();
    }

    public long claimErrors() {
        return count(ClaimOutcome.Status.ERROR);
    }

    public List<MetricDrift> moved() {
        return drifts.stream().filter(c -> c.status() == MetricDrift.Status.MOVED).toList();
    }

    /**
     * 2 when anything could not be evaluated (a claim ERROR, a missing baseline, cell or metric);
     * else 1 when a claim failed (known failures only with fail_on_known) or a metric moved past its
     * tolerance; else 0.
     */
    public int exitCode() {
        if (!errors.isEmpty() || claimErrors() > 0) {
            return 2;
        }
        long counted = failOnKnown ? failed() : failed() - knownFailures();
        return counted > 0 || !moved().isEmpty() ? 1 : 0;
    }

    /** One line, e.g. "claims: 12 passed, 3 failed (2 known not to reproduce), 0 errors; metrics: 1 moved of 240; errors: 0". */
    public String summary() {
        return "claims: " + passed() + " passed, " + failed() + " failed"
                + (knownFailures() > 0 ? " (" + knownFailures() + " known not to reproduce)" : "")
                + ", " + claimErrors() + " errors; metrics: "
                + (baseline == null ? "not compared (no baseline)"
                : moved().size() + " moved of " + drifts.stream()
                        .filter(c -> c.status() != MetricDrift.Status.NEW).count() + " compared")
                + "; other errors: " + errors.size() + "; exit code " + exitCode();
    }

    private long count(ClaimOutcome.Status s) {
        return claims.stream().filter(c -> c.status() == s).count();
    }

    /**
     * Flat numbers for a tracker run: regress.claims_passed / _failed / _known_failures / _errors,
     * regress.metrics_moved, regress.errors, regress.exit_code, and regress.claim.&lt;id&gt; = 1 (PASS),
     * 0 (FAIL) or -1 (ERROR).
     */
    public java.util.Map<String, Double> summaryMetrics() {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("regress.claims_passed", (double) passed());
        m.put("regress.claims_failed", (double) failed());
        m.put("regress.claims_known_failures", (double) knownFailures());
        m.put("regress.claims_errors", (double) claimErrors());
        m.put("regress.metrics_moved", (double) moved().size());
        m.put("regress.errors", (double) errors.size());
        m.put("regress.exit_code", (double) exitCode());
        for (ClaimOutcome o : claims) {
            m.put("regress.claim." + o.claim().id(), switch (o.status()) {
                case PASS -> 1.0;
                case FAIL -> 0.0;
                case ERROR -> -1.0;
            });
        }
        return m;
    }

    /** The Markdown report. */
    public String toMarkdown() {
        return Report.markdown(this);
    }
}
