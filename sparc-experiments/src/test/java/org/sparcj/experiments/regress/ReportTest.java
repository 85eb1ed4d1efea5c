package org.sparcj.experiments.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class ReportTest {

    @TempDir
    Path dir;

    private static List<CellResult> cells(double globalNmseSeed1) {
        return List.of(
                cell("topk=GLOBAL,lambda=1,seed=1", "nmse", globalNmseSeed1, "jaccard", 0.8),
                cell("topk=GLOBAL,lambda=1,seed=2", "nmse", 0.2, "jaccard", 0.8),
                cell("topk=GLOBAL,lambda=1,seed=3", "nmse", 0.3, "jaccard", 0.8),
                cell("topk=LOCAL,lambda=1,seed=1", "nmse", 0.5, "jaccard", 0.3));
    }

    private static ClaimSet claims(boolean failOnKnown) {
        Claim pass = Cells.claim("C3a", "jaccard[topk=GLOBAL,lambda=1] > jaccard[topk=LOCAL,lambda=1]");
        Claim fail = new Claim("C5a", "C5", "Global costs self NMSE", "0.030 to 0.060",
                ExpressionParser.parse("nmse[topk=GLOBAL,lambda=1] > nmse[topk=LOCAL,lambda=1]"),
                "any data", false);
        Claim known = new Claim("C7b", "C7", "k degrades Local", "paper says so",
                ExpressionParser.parse("nmse[topk=LOCAL,lambda=1] < 0.1"), "small L: more k helps everyone", true);
        Claim error = Cells.claim("C4a", "r[topk=LOCAL,lambda=0] < 2 * chance");
        return new ClaimSet(List.of(pass, fail, known, error), "seed", 1e-9,
                new TolerancePolicy(3, 1e-4, 0.01, List.of()), failOnKnown);
    }

    @Test
    void reportListsClaimsWithMeasuredValuesAndMovedMetrics() throws Exception {
        RegressionRunner runner = new RegressionRunner();
        Baseline base = Baseline.fromSeedRuns(cells(0.1), "seed", "synthetic", "regress-synthetic", "abc",
                Instant.parse("2026-11-25T00:00:00Z"));
        // GLOBAL nmse seed 1: 0.1 -> 1.3, so the mean moves 0.2 -> 0.6 (+0.4 > 3 * std 0.1)
        RegressionResult r = runner.check(cells(1.3), claims(false), base, Map.of("chance", 0.001));
        Path file = dir.resolve("regression/report.md");
        Report.write(r, file);
        String md = Files.readString(file);

        assertEquals("claims: 2 passed, 1 failed (1 known not to reproduce), 1 errors; metrics: 1 moved of 4 compared;"
                + " other errors: 0; exit code 2", r.summary());
        assertTrue(md.startsWith("# SPARC-J paper-claim regression\n\n**ERROR**: " + r.summary()), md);
        assertTrue(md.contains("Baseline: `synthetic`, grid `regress-synthetic`, commit `abc`"), md);
        assertTrue(md.contains("| C3a | description of C3a | `jaccard[topk=GLOBAL,lambda=1] > jaccard[topk=LOCAL,lambda=1]` | "
                + "0.8 > 0.3; jaccard[topk=GLOBAL,lambda=1] = 0.8 (3 seeds); jaccard[topk=LOCAL,lambda=1] = 0.3 (1 seed) | "
                + "paper figure of C3a | PASS |"), md);
        // seeds 1.3, 0.2, 0.3: mean 0.6
        assertTrue(md.contains("| C5a | Global costs self NMSE | `nmse[topk=GLOBAL,lambda=1] > nmse[topk=LOCAL,lambda=1]` | 0.6 > 0.5;"), md);
        assertTrue(md.contains("| 0.030 to 0.060 | PASS | holds on: any data |"), md);
        assertTrue(md.contains("| C7b | k degrades Local |"), md);
        assertTrue(md.contains("| `nmse[topk=LOCAL,lambda=1] < 0.1` | 0.5 < 0.1; 1 seed | paper says so "
                + "| FAIL (known not to reproduce) | fails: 0.5 < 0.1. holds on: small L: more k helps everyone |"), md);
        assertTrue(md.contains("| C4a |") && md.contains("| ERROR | error: no cell matches [topk=LOCAL,lambda=0]"), md);
        // the moved metric: baseline mean 0.2 (0.1, 0.2, 0.3; std 0.1), now 0.6, tolerance 0.3
        assertTrue(md.contains("| lambda=1,topk=GLOBAL | nmse | 0.2 | 0.1 .. 0.3 | 0.6 | +0.4 | 0.3 | up |"), md);

        Path json = dir.resolve("regression/result.json");
        ResultJson.write(r, json);
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(2, root.get("exit_code").asInt());
        assertEquals("C5a", root.get("claims").get(1).get("id").asText());
        assertEquals("PASS", root.get("claims").get(1).get("status").asText());
        assertEquals(0.6, root.get("claims").get(1).get("operands").get(0).asDouble(), 1e-12);
        assertEquals("ERROR", root.get("claims").get(3).get("status").asText());
        com.fasterxml.jackson.databind.JsonNode moved = null;
        for (com.fasterxml.jackson.databind.JsonNode m : root.get("metrics")) {
            if (m.get("status").asText().equals("MOVED")) {
                moved = m;
            }
        }
        assertEquals("lambda=1,topk=GLOBAL", moved.get("cell").asText());
        assertEquals(0.4, moved.get("delta").asDouble(), 1e-12);
        assertEquals(0.3, moved.get("tolerance").asDouble(), 1e-12);
    }

    @Test
    void measuredListsTheMetricsInsideArithmeticAndTheTolerance() {
        List<CellResult> cells = List.of(cell("x=1,seed=1", "a", 0.9, "b", 0.5), cell("x=1,seed=2", "a", 0.7, "b", 0.5));
        ClaimOutcome o = new ClaimEvaluator(cells, Map.of(), "seed", 1e-9)
                .evaluate(Cells.claim("C2b", "abs(a[x=1] - b[x=1]) < 0.25 within 0.1"));
        assertEquals(ClaimOutcome.Status.PASS, o.status(), o.message());
        // |0.8 - 0.5| = 0.3 < 0.25 + 0.1
        assertEquals("0.3 < 0.25 within 0.1; means of 2 seeds; a[x=1] = 0.8; b[x=1] = 0.5", Report.measured(o));
    }

    @Test
    void knownFailuresSetTheExitCodeOnlyWhenAsked() {
        RegressionRunner runner = new RegressionRunner();
        Baseline base = Cells.baseline(cells(0.1));
        List<Claim> onlyKnown = claims(false).claims().subList(2, 3);
        ClaimSet lenient = new ClaimSet(onlyKnown, "seed", 1e-9, new TolerancePolicy(3, 1e-4, 0.01, List.of()), false);
        ClaimSet strict = new ClaimSet(onlyKnown, "seed", 1e-9, new TolerancePolicy(3, 1e-4, 0.01, List.of()), true);
        RegressionResult a = runner.check(cells(0.1), lenient, base, Map.of());
        assertEquals(1, a.failed());
        assertEquals(1, a.knownFailures());
        assertEquals(0, a.exitCode());
        assertTrue(a.toMarkdown().contains("FAIL (known not to reproduce)"));
        assertTrue(a.toMarkdown().contains("None: all 4 compared metrics are within tolerance."), a.toMarkdown());
        assertEquals(1, runner.check(cells(0.1), strict, base, Map.of()).exitCode());
    }
}
