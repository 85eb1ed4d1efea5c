package org.sparcj.experiments.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparcj.experiments.regress.Cells.cell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.run.CellResult;

class BaselineTest {

    @TempDir
    Path dir;

    private final RegressionRunner runner = new RegressionRunner();

    /** Two configurations x 3 seeds. nmse over seeds 0.10, 0.20, 0.30: mean 0.2, sample std 0.1. */
    private static List<CellResult> seedRuns() {
        return List.of(
                cell("topk=GLOBAL,lambda=1,seed=1", "nmse", 0.10, "mixed", 0.0, "dead.dino", 10),
                cell("topk=GLOBAL,lambda=1,seed=2", "nmse", 0.20, "mixed", 0.0, "dead.dino", 12),
                cell("topk=GLOBAL,lambda=1,seed=3", "nmse", 0.30, "mixed", 0.0, "dead.dino", 14),
                cell("topk=LOCAL,lambda=1.0,seed=1", "nmse", 0.50, "mixed", 0.4, "dead.dino", 20),
                cell("topk=LOCAL,lambda=1.0,seed=2", "nmse", 0.50, "mixed", 0.5, "dead.dino", 20),
                cell("topk=LOCAL,lambda=1.0,seed=3", "nmse", 0.50, "mixed", 0.6, "dead.dino", 20));
    }

    /** k_sigma 3, floors 1e-4 absolute and 1% relative, as the shipped claims file. */
    private static ClaimSet claims(List<Claim> claims) {
        return new ClaimSet(claims, "seed", 1e-9, new TolerancePolicy(3, 1e-4, 0.01,
                List.of(new TolerancePolicy.Override("dead.", null, 1.0, null))), false);
    }

    private static final CellKey GLOBAL = CellKey.parse("lambda=1,topk=GLOBAL");
    private static final CellKey LOCAL = CellKey.parse("lambda=1,topk=LOCAL");

    /** The committed baselines are written back byte for byte: the JSON layout stays what git has. */
    @Test
    void committedBaselinesRewriteUnchanged() throws Exception {
        for (String name : List.of("synthetic", "wordnet")) {
            Path committed = ClaimsFileTest.repoFile("results/baselines/" + name + ".json");
            Path rewritten = dir.resolve(name + ".json");
            BaselineJson.write(BaselineJson.read(committed), rewritten);
            assertEquals(Files.readString(committed), Files.readString(rewritten), name);
        }
    }

    @Test
    void statisticsOverSeeds() {
        Baseline b = runner.fromSeedRuns(seedRuns(), "seed", "synthetic", "regress-synthetic", "abc123");
        assertEquals(2, b.cells().size());
        MetricStats s = b.cells().get(GLOBAL).metrics().get("nmse");
        assertEquals(0.2, s.mean(), 1e-12);
        assertEquals(0.1, s.std(), 1e-12);
        assertEquals(0.1, s.min(), 1e-12);
        assertEquals(0.3, s.max(), 1e-12);
        assertEquals(3, s.n());
        // lambda=1.0 and lambda=1 are the same configuration key
        assertEquals(0.5, b.cells().get(LOCAL).metrics().get("mixed").mean(), 1e-12);
        assertEquals(List.of("1", "2", "3"), b.info().seeds());
        assertEquals("abc123", b.info().gitCommit());
    }

    @Test
    void jsonRoundTripThroughAFile() {
        Baseline b = runner.fromSeedRuns(seedRuns(), "seed", "synthetic", "regress-synthetic", "abc123");
        Path f = BaselineJson.fileOf(dir.resolve("baselines"), "synthetic");
        BaselineJson.write(b, f);
        assertTrue(Files.isRegularFile(dir.resolve("baselines/synthetic.json")));
        Baseline back = BaselineJson.read(f);
        assertEquals(b, back);
    }

    @Test
    void readErrorsNameFileAndKey() throws Exception {
        Path missing = dir.resolve("nope.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BaselineJson.read(missing));
        assertTrue(e.getMessage().contains("nope.json") && e.getMessage().contains("--update-baseline"), e.getMessage());

        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"format\":1,\"benchmark\":\"s\",\"created\":\"2026-01-01T00:00:00Z\",\"git_commit\":\"x\","
                + "\"grid\":\"g\",\"seed_key\":\"seed\",\"seeds\":[\"1\"],\"cells\":{\"topk=GLOBAL\":{\"seeds\":[\"1\"],"
                + "\"metrics\":{\"m\":{\"mean\":1,\"std\":0,\"min\":1,\"n\":1}}}}}");
        e = assertThrows(IllegalArgumentException.class, () -> BaselineJson.read(f));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("cells.topk=GLOBAL.metrics.m.max"),
                e.getMessage());
    }

    @Test
    void toleranceIsTheLargestOfSpreadAndFloors() {
        TolerancePolicy p = claims(List.of()).tolerance();
        assertEquals(0.3, p.tolerance("nmse", new MetricStats(0.2, 0.1, 0.1, 0.3, 3)), 1e-12);   // 3 * 0.1
        assertEquals(1e-4, p.tolerance("mixed", new MetricStats(0.0, 0.0, 0.0, 0.0, 3)), 1e-15); // absolute floor
        assertEquals(0.05, p.tolerance("nmse", new MetricStats(5.0, 0.001, 5, 5, 3)), 1e-12);   // 1% of 5
        assertEquals(1.0, p.tolerance("dead.dino", new MetricStats(20, 0, 20, 20, 3)), 1e-12);  // override floor
    }

    @Test
    void aMetricInsideItsToleranceIsWithin() {
        Baseline b = Cells.baseline(seedRuns());
        // GLOBAL nmse now 0.45 (mean of one seed): |0.45 - 0.2| = 0.25 <= 3 * 0.1
        List<CellResult> now = List.of(
                cell("topk=GLOBAL,lambda=1,seed=1", "nmse", 0.45, "mixed", 0.0, "dead.dino", 12.5),
                cell("topk=LOCAL,lambda=1,seed=1", "nmse", 0.5, "mixed", 0.6, "dead.dino", 20.9));
        RegressionResult r = runner.check(now, claims(List.of()), b, Map.of());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
        assertEquals(List.of(), r.moved());
        assertEquals(6, r.drifts().size());
        assertEquals(0, r.exitCode());
    }

    @Test
    void aMetricPastItsToleranceIsMovedAndFails() {
        Baseline b = Cells.baseline(seedRuns());
        // GLOBAL nmse 0.55: |0.55 - 0.2| = 0.35 > 0.3; LOCAL dead.dino 21.5: 1.5 > floor 1
        List<CellResult> now = List.of(
                cell("topk=GLOBAL,lambda=1,seed=1", "nmse", 0.55, "mixed", 0.0, "dead.dino", 12),
                cell("topk=LOCAL,lambda=1,seed=1", "nmse", 0.5, "mixed", 0.5, "dead.dino", 21.5));
        RegressionResult r = runner.check(now, claims(List.of()), b, Map.of());
        assertEquals(2, r.moved().size());
        MetricDrift m = r.moved().get(0);
        assertEquals(GLOBAL, m.cell());
        assertEquals("nmse", m.metric());
        assertEquals(0.35, m.delta(), 1e-12);
        assertEquals(0.3, m.tolerance(), 1e-12);
        assertEquals("up", m.direction());
        assertEquals("dead.dino", r.moved().get(1).metric());
        assertEquals(1.0, r.moved().get(1).tolerance(), 1e-12);
        assertEquals(1, r.exitCode());
    }

    @Test
    void aConfigurationMissingFromTheResultsIsAnError() {
        Baseline b = Cells.baseline(seedRuns());
        RegressionResult r = runner.check(List.of(cell("topk=GLOBAL,lambda=1,seed=1", "nmse", 0.2, "mixed", 0.0,
                "dead.dino", 12)), claims(List.of()), b, Map.of());
        assertEquals(2, r.exitCode());
        assertEquals(List.of("configuration lambda=1,topk=LOCAL is in the baseline but not in the results"), r.errors());
    }

    @Test
    void aMetricMissingFromAResultIsAnErrorAndANewMetricIsOnlyListed() {
        Baseline b = Cells.baseline(seedRuns());
        List<CellResult> now = List.of(
                cell("topk=GLOBAL,lambda=1,seed=1", "nmse", 0.2, "dead.dino", 12, "brand_new", 1.0),
                cell("topk=LOCAL,lambda=1,seed=1", "nmse", 0.5, "mixed", 0.5, "dead.dino", 20));
        RegressionResult r = runner.check(now, claims(List.of()), b, Map.of());
        assertEquals(2, r.exitCode());
        assertEquals(List.of("metric 'mixed' is missing in cell topk=GLOBAL,lambda=1,seed=1 (the baseline has it)"), r.errors());
        MetricDrift added = r.drifts().stream().filter(c -> c.metric().equals("brand_new")).findFirst().orElseThrow();
        assertEquals(MetricDrift.Status.NEW, added.status());
        assertNull(added.baseline());
    }

    @Test
    void aConfigurationNotInTheBaselineIsAnError() {
        Baseline b = Cells.baseline(seedRuns());
        List<CellResult> now = new java.util.ArrayList<>(seedRuns());
        now.add(cell("topk=GLOBAL,lambda=2,seed=1", "nmse", 0.2, "mixed", 0.0, "dead.dino", 12));
        RegressionResult r = runner.check(now, claims(List.of()), b, Map.of());
        assertEquals(2, r.exitCode());
        assertTrue(r.errors().get(0).startsWith("configuration lambda=2,topk=GLOBAL"), r.errors().toString());
    }

    @Test
    void noBaselineIsAnErrorButClaimsAreStillChecked() {
        RegressionResult r = runner.check(seedRuns(), claims(List.of(Cells.claim("C1a",
                "mixed[topk=GLOBAL,lambda=1] == 0"))), null, Map.of());
        assertEquals(ClaimOutcome.Status.PASS, r.claims().get(0).status());
        assertEquals(2, r.exitCode());
        assertTrue(r.errors().get(0).startsWith("no baseline"), r.errors().toString());
    }

    @Test
    void aCellThatDidNotFinishIsAnError() {
        List<CellResult> now = new java.util.ArrayList<>(seedRuns());
        now.set(0, new CellResult("topk=GLOBAL,lambda=1,seed=1", now.get(0).params(), now.get(0).metrics(), "FAILED"));
        RegressionResult r = runner.check(now, claims(List.of()), Cells.baseline(seedRuns()), Map.of());
        assertEquals(2, r.exitCode());
        assertEquals(List.of("cell topk=GLOBAL,lambda=1,seed=1 did not finish (status FAILED)"), r.errors());
        assertThrows(IllegalArgumentException.class, () -> Cells.baseline(now));
    }

    @Test
    void updateBaselineDescribesWhatChanged() {
        Baseline old = Baseline.fromSeedRuns(seedRuns(), "seed", "synthetic", "g", "aaa", Instant.parse("2026-01-01T00:00:00Z"));
        List<CellResult> runs = new java.util.ArrayList<>(seedRuns());
        // GLOBAL nmse seed 3: 0.30 -> 0.90, mean 0.2 -> 0.4 (+0.2, within old tolerance 0.3)
        runs.set(2, cell("topk=GLOBAL,lambda=1,seed=3", "nmse", 0.90, "mixed", 0.0, "dead.dino", 14));
        // LOCAL mixed 0.4/0.5/0.6 -> 0.9/1.0/1.1: mean 0.5 -> 1.0 (+0.5, past old tolerance 3 * 0.1)
        runs.set(3, cell("topk=LOCAL,lambda=1,seed=1", "nmse", 0.50, "mixed", 0.9, "dead.dino", 20));
        runs.set(4, cell("topk=LOCAL,lambda=1,seed=2", "nmse", 0.50, "mixed", 1.0, "dead.dino", 20));
        runs.set(5, cell("topk=LOCAL,lambda=1,seed=3", "nmse", 0.50, "mixed", 1.1, "dead.dino", 20, "extra", 3));
        runs.add(cell("topk=GLOBAL,lambda=2,seed=1", "nmse", 0.7));
        // 'extra' only in seed 3: an incomplete run cannot become a baseline
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Baseline.fromSeedRuns(runs, "seed", "s", "g", "c", Instant.now()));
        assertTrue(e.getMessage().contains("metric 'extra' is missing in cell topk=LOCAL,lambda=1,seed=1"), e.getMessage());
        runs.set(5, cell("topk=LOCAL,lambda=1,seed=3", "nmse", 0.50, "mixed", 1.1, "dead.dino", 20));
        Baseline fresh = Baseline.fromSeedRuns(runs, "seed", "synthetic", "g", "bbb", Instant.parse("2026-02-01T00:00:00Z"));

        BaselineUpdate u = runner.updateBaseline(old, fresh, claims(List.of()).tolerance());
        String d = u.diff();
        assertTrue(d.contains("git commit: aaa -> bbb"), d);
        assertTrue(d.contains("+ configuration lambda=2,topk=GLOBAL added (1 metrics)"), d);
        assertTrue(d.contains("metrics: 1 moved past the old tolerance, 1 changed within it, 4 unchanged"), d);
        assertTrue(d.contains("lambda=1,topk=LOCAL mixed: mean 0.5 -> 1 (+0.5, old tolerance 0.3)"), d);
        assertTrue(d.contains("lambda=1,topk=GLOBAL nmse: mean 0.2 -> 0.4 (+0.2, old tolerance 0.3)"), d);
        assertEquals(fresh, u.baseline());

        String first = runner.updateBaseline(null, fresh, claims(List.of()).tolerance()).diff();
        assertTrue(first.startsWith("New baseline 'synthetic': 3 configurations, 7 metrics, seeds 1, 2, 3, commit bbb"), first);
    }
}
