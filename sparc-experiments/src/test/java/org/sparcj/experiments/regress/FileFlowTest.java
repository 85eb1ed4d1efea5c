package org.sparcj.experiments.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparcj.experiments.regress.Cells.cell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.run.CellResult;

/** The two calls the regress command makes, on real files. */
class FileFlowTest {

    @TempDir
    Path dir;

    private static List<CellResult> run(double localMixedSeed2) {
        return List.of(
                cell("topk=GLOBAL,lambda=1,seed=1", "mixed_fraction", 0.0),
                cell("topk=GLOBAL,lambda=1,seed=2", "mixed_fraction", 0.0),
                cell("topk=LOCAL,lambda=1,seed=1", "mixed_fraction", 0.40),
                cell("topk=LOCAL,lambda=1,seed=2", "mixed_fraction", localMixedSeed2));
    }

    @Test
    void firstRunHasNoBaselineThenUpdateThenCheck() throws Exception {
        Path claims = dir.resolve("claims.conf");
        Files.writeString(claims, """
                settings { tolerance { k_sigma = 3, absolute_floor = 1e-4, relative_floor = 0 } }
                claims = [
                  { id = C1c, description = "Global has fewer mixed latents", paper = "0% vs 56.4%",
                    expression = "mixed_fraction[topk=GLOBAL,lambda=1] < mixed_fraction[topk=LOCAL,lambda=1]",
                    holds_on = "any data" }
                ]
                """);
        Path baseline = dir.resolve("results/baselines/synthetic.json");
        Path report = dir.resolve("results/regression/report.md");
        RegressionRunner runner = new RegressionRunner();

        RegressionResult first = runner.checkAndReport(run(0.50), claims, baseline, report, Map.of());
        assertEquals(2, first.exitCode());
        assertEquals(ClaimOutcome.Status.PASS, first.claims().get(0).status());
        assertTrue(first.errors().get(0).startsWith("no baseline at " + baseline), first.errors().toString());
        assertTrue(Files.readString(report).contains("no baseline at"));
        assertTrue(Files.readString(report.resolveSibling("result.json")).contains("\"exit_code\" : 2"));

        BaselineUpdate created = runner.updateBaselineFile(run(0.50), claims, baseline, "synthetic", "regress-synthetic", "c0ffee");
        assertTrue(Files.isRegularFile(baseline));
        assertTrue(created.diff().startsWith("New baseline 'synthetic': 2 configurations, 2 metrics, seeds 1, 2, commit c0ffee"),
                created.diff());

        assertEquals(0, runner.checkAndReport(run(0.50), claims, baseline, report, Map.of()).exitCode());
        // LOCAL seeds 0.40, 0.50: mean 0.45, std 0.0707, tolerance 0.212; seed 2 -> 1.0 moves the mean to 0.70 (+0.25)
        RegressionResult moved = runner.checkAndReport(run(1.0), claims, baseline, report, Map.of());
        assertEquals(1, moved.exitCode());
        assertTrue(Files.readString(report).contains("| lambda=1,topk=LOCAL | mixed_fraction | 0.45 | 0.4 .. 0.5 | 0.7 | +0.25 | 0.2121 | up |"),
                Files.readString(report));

        BaselineUpdate updated = runner.updateBaselineFile(run(1.0), claims, baseline, "synthetic", "regress-synthetic", "beef");
        assertTrue(updated.diff().contains("lambda=1,topk=LOCAL mixed_fraction: mean 0.45 -> 0.7 (+0.25, old tolerance 0.2121)"),
                updated.diff());
        assertEquals(0, runner.checkAndReport(run(1.0), claims, baseline, report, Map.of()).exitCode());
        assertEquals(1.0, moved.summaryMetrics().get("regress.claim.C1c"));
        assertEquals(1.0, moved.summaryMetrics().get("regress.metrics_moved"));
    }
}
