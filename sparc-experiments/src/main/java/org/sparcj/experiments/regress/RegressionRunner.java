package org.sparcj.experiments.regress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

import org.sparcj.experiments.run.CellResult;
import org.sparcj.experiments.tracking.RunStatus;

/**
 * The regression engine: checks the claims against grid results and compares every metric of
 * every configuration with a baseline. Stateless; the CLI trains the grid and calls this.
 */
public final class RegressionRunner {

    /**
     * Checks claims and baseline.
     *
     * @param results   the grid's cells; cells whose status is not FINISHED are reported as errors and ignored
     * @param claims    the claim set (also gives seed key and tolerance policy)
     * @param baseline  the stored baseline, or null (then metrics are not compared and the result is an error)
     * @param constants named constants for the expressions, e.g. {@code chance} = 1 / gallery size
     */
    public RegressionResult check(List<CellResult> results, ClaimSet claims, Baseline baseline,
                                  Map<String, Double> constants) {
        List<String> errors = new ArrayList<>();
        List<CellResult> finished = finishedOnly(results, errors);
        ClaimEvaluator evaluator = new ClaimEvaluator(finished, constants, claims.seedKey(), claims.equalityEpsilon());
        List<ClaimOutcome> outcomes = claims.claims().stream().map(evaluator::evaluate).toList();
        List<MetricDrift> drifts = new ArrayList<>();
        if (baseline == null) {
            errors.add("no baseline to compare metrics with (create one with regress --update-baseline)");
        } else {
            if (!baseline.info().seedKey().equals(claims.seedKey())) {
                errors.add("baseline seed key '" + baseline.info().seedKey() + "' differs from the claims file's '"
                        + claims.seedKey() + "'");
            }
            drift(finished, baseline, claims, drifts, errors);
        }
        return new RegressionResult(outcomes, drifts, errors, baseline == null ? null : baseline.info(),
                claims.failOnKnown());
    }

    /** A baseline from a multi-seed run; every cell must have FINISHED. */
    public Baseline fromSeedRuns(List<CellResult> results, String seedKey, String benchmark, String grid,
                                 String gitCommit) {
        List<String> errors = new ArrayList<>();
        List<CellResult> finished = finishedOnly(results, errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("cannot build a baseline from an incomplete run: " + String.join("; ", errors));
        }
        return Baseline.fromSeedRuns(finished, seedKey, benchmark, grid, gitCommit, Instant.now());
    }

    /** Builds the new baseline and describes what changed against {@code old} (nullable). Does not write files. */
    public BaselineUpdate updateBaseline(Baseline old, Baseline fresh, TolerancePolicy policy) {
        return new BaselineUpdate(fresh, BaselineDiff.describe(old, fresh, policy));
    }

    /**
     * The {@code regress} command without {@code --update-baseline}: loads the claims and the
     * baseline (a missing baseline file makes the result an error, exit code 2), checks, and writes
     * the Markdown report and, beside it, result.json (the same content for machines).
     */
    public RegressionResult checkAndReport(List<CellResult> results, Path claimsFile, Path baselineFile, Path reportFile,
                                           Map<String, Double> constants) {
        ClaimSet claims = ClaimSet.load(claimsFile);
        Baseline baseline = Files.isRegularFile(baselineFile) ? BaselineJson.read(baselineFile) : null;
        RegressionResult result = check(results, claims, baseline, constants);
        if (baseline == null) {
            List<String> errors = new ArrayList<>(result.errors());
            errors.replaceAll(e -> e.startsWith("no baseline") ? "no baseline at " + baselineFile
                    + " (create one with regress --update-baseline)" : e);
            result = new RegressionResult(result.claims(), result.drifts(), errors, null, result.failOnKnown());
        }
        Report.write(result, reportFile);
        ResultJson.write(result, reportFile.resolveSibling("result.json"));
        return result;
    }

    /**
     * {@code regress --update-baseline}: builds a baseline from this multi-seed run (seed key and
     * tolerance policy from the claims file), writes it over {@code baselineFile} and returns what
     * changed against the previous file (if any).
     */
    public BaselineUpdate updateBaselineFile(List<CellResult> results, Path claimsFile, Path baselineFile,
                                             String benchmark, String grid, String gitCommit) {
        ClaimSet claims = ClaimSet.load(claimsFile);
        Baseline old = Files.isRegularFile(baselineFile) ? BaselineJson.read(baselineFile) : null;
        Baseline fresh = fromSeedRuns(results, claims.seedKey(), benchmark, grid, gitCommit);
        BaselineUpdate update = updateBaseline(old, fresh, claims.tolerance());
        BaselineJson.write(fresh, baselineFile);
        return update;
    }

    /**
     * Checks, before anything is trained, that every selector of the claims names exactly one
     * configuration among the planned cells (their params, seeds included) and that every
     * constant is supplied. Returns the problems, one line each, naming the claim; empty when fine.
     */
    public List<String> preflight(ClaimSet claims, List<Map<String, String>> plannedCells, java.util.Set<String> constants) {
        List<String> problems = new ArrayList<>();
        for (Claim c : claims.claims()) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Expr.MetricRef m : c.expression().metricRefs()) {
                try {
                    ClaimEvaluator.select(plannedCells, p -> p, m.selector(), claims.seedKey());
                } catch (ClaimEvaluator.EvaluationException e) {
                    if (seen.add(e.getMessage())) {
                        problems.add("claim " + c.id() + ": " + e.getMessage());
                    }
                }
            }
            for (String k : c.expression().constants()) {
                if (!constants.contains(k) && seen.add(k)) {
                    problems.add("claim " + c.id() + ": constant '" + k + "' is not supplied (supplied: "
                            + ClaimEvaluator.names(constants) + ")");
                }
            }
        }
        return problems;
    }

    /** The constants the shipped claims use: {@code chance} = 1 / gallery size of retrieval. */
    public static Map<String, Double> chanceConstants(int gallerySize) {
        if (gallerySize <= 0) {
            throw new IllegalArgumentException("gallery size must be > 0, got " + gallerySize);
        }
        return Map.of("chance", 1.0 / gallerySize);
    }

    private static List<CellResult> finishedOnly(List<CellResult> results, List<String> errors) {
        List<CellResult> ok = new ArrayList<>();
        for (CellResult r : results) {
            String st = r.status() == null ? "" : r.status().toUpperCase(Locale.ROOT);
            if (st.equals(RunStatus.FINISHED.name())) {
                ok.add(r);
            } else {
                errors.add("cell " + r.name() + " did not finish (status " + r.status() + ")");
            }
        }
        return ok;
    }

    private static void drift(List<CellResult> finished, Baseline baseline, ClaimSet claims,
                                List<MetricDrift> out, List<String> errors) {
        SortedMap<CellKey, List<CellResult>> now = CellKey.configurations(finished, claims.seedKey());
        for (CellKey k : baseline.cells().keySet()) {
            if (!now.containsKey(k)) {
                errors.add("configuration " + k + " is in the baseline but not in the results");
            }
        }
        for (Map.Entry<CellKey, List<CellResult>> e : now.entrySet()) {
            Baseline.Cell base = baseline.cells().get(e.getKey());
            if (base == null) {
                errors.add("configuration " + e.getKey() + " (cells " + e.getValue().stream().map(CellResult::name).toList()
                        + ") is not in the baseline: the grid changed; run regress --update-baseline");
                continue;
            }
            Map<String, Double> means = new LinkedHashMap<>();
            TreeSet<String> names = new TreeSet<>(base.metrics().keySet());
            e.getValue().forEach(r -> names.addAll(r.metrics().keySet()));
            for (String m : names) {
                double sum = 0;
                boolean missing = false;
                for (CellResult r : e.getValue()) {
                    Double v = r.metrics().get(m);
                    if (v == null) {
                        missing = true;
                        if (base.metrics().containsKey(m)) {
                            errors.add("metric '" + m + "' is missing in cell " + r.name() + " (the baseline has it)");
                        } else {
                            errors.add("metric '" + m + "' is missing in cell " + r.name() + " but present in other seeds");
                        }
                        break;
                    }
                    sum += v;
                }
                if (!missing) {
                    means.put(m, sum / e.getValue().size());
                }
            }
            int n = e.getValue().size();
            for (Map.Entry<String, Double> m : means.entrySet()) {
                MetricStats stats = base.metrics().get(m.getKey());
                if (stats == null) {
                    out.add(new MetricDrift(e.getKey(), m.getKey(), null, m.getValue(), n, Double.NaN,
                            MetricDrift.Status.NEW));
                    continue;
                }
                double tol = claims.tolerance().tolerance(m.getKey(), stats);
                double delta = m.getValue() - stats.mean();
                boolean bothNaN = Double.isNaN(m.getValue()) && Double.isNaN(stats.mean());
                boolean within = bothNaN || Math.abs(delta) <= tol;
                out.add(new MetricDrift(e.getKey(), m.getKey(), stats, m.getValue(), n, tol,
                        within ? MetricDrift.Status.WITHIN : MetricDrift.Status.MOVED));
            }
        }
    }
}
