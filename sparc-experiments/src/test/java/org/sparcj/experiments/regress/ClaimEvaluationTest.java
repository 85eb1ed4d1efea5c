package org.sparcj.experiments.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparcj.experiments.regress.Cells.cell;
import static org.sparcj.experiments.regress.Cells.claim;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sparcj.experiments.run.CellResult;

class ClaimEvaluationTest {

    private static final List<CellResult> GRID = List.of(
            cell("topk=GLOBAL,lambda=1,seed=1", "jaccard_mean", 0.80, "mixed_fraction", 0.0, "r", 0.2),
            cell("topk=GLOBAL,lambda=1,seed=2", "jaccard_mean", 0.70, "mixed_fraction", 0.0, "r", 0.4),
            cell("topk=GLOBAL,lambda=1,seed=3", "jaccard_mean", 0.90, "mixed_fraction", 0.0, "r", 0.9),
            cell("topk=GLOBAL,lambda=0,seed=1", "jaccard_mean", 0.60, "mixed_fraction", 0.01, "r", 0.1),
            cell("topk=LOCAL,lambda=0,seed=1", "jaccard_mean", 0.30, "mixed_fraction", 0.20),
            cell("topk=LOCAL,lambda=0.5,seed=1", "jaccard_mean", 0.65, "mixed_fraction", 0.30));

    private static ClaimOutcome eval(String expression) {
        return eval(GRID, expression);
    }

    private static ClaimOutcome eval(List<CellResult> cells, String expression) {
        return new ClaimEvaluator(cells, Map.of("chance", 0.01), "seed", 1e-9).evaluate(claim("C3a", expression));
    }

    @Test
    void averagesTheMetricOverTheSeedsOfTheSelectedConfiguration() {
        ClaimOutcome o = eval("r[topk=GLOBAL,lambda=1] == 0.5");
        assertEquals(ClaimOutcome.Status.PASS, o.status(), o.message());
        assertEquals(0.5, o.operands().get(0), 1e-12); // (0.2 + 0.4 + 0.9) / 3
        assertEquals(List.of("topk=GLOBAL,lambda=1,seed=1", "topk=GLOBAL,lambda=1,seed=2", "topk=GLOBAL,lambda=1,seed=3"),
                o.references().get(0).cells());
        assertEquals(ClaimOutcome.Status.FAIL, eval("r[topk=GLOBAL,lambda=1] == 0.2").status());
    }

    @Test
    void chainedComparisonHoldsOnlyWhenEveryLinkHolds() {
        // means: GLOBAL,1 = 0.8; GLOBAL,0 = 0.6; LOCAL,0 = 0.3
        ClaimOutcome pass = eval(
                "jaccard_mean[topk=GLOBAL,lambda=1] > jaccard_mean[topk=GLOBAL,lambda=0] > jaccard_mean[topk=LOCAL,lambda=0]");
        assertEquals(ClaimOutcome.Status.PASS, pass.status(), pass.message());
        assertEquals(0.8, pass.operands().get(0), 1e-12);
        assertEquals(0.6, pass.operands().get(1), 1e-12);
        assertEquals(0.3, pass.operands().get(2), 1e-12);

        ClaimOutcome fail = eval(
                "jaccard_mean[topk=GLOBAL,lambda=1] > jaccard_mean[topk=LOCAL,lambda=0] > jaccard_mean[topk=GLOBAL,lambda=0]");
        assertEquals(ClaimOutcome.Status.FAIL, fail.status());
        assertEquals("fails: 0.3 > 0.6 (comparison 2 of 2)", fail.message());
        assertEquals(List.of(0.8, 0.3, 0.6), fail.operands().stream().map(v -> Math.round(v * 1e9) / 1e9).toList());
    }

    @Test
    void withinMakesComparisonsLenient() {
        // 0.6 > 0.65 fails strictly, holds with tolerance 0.1
        assertEquals(ClaimOutcome.Status.FAIL, eval("jaccard_mean[topk=GLOBAL,lambda=0] > jaccard_mean[topk=LOCAL,lambda=0.5]").status());
        assertEquals(ClaimOutcome.Status.PASS, eval("jaccard_mean[topk=GLOBAL,lambda=0] > jaccard_mean[topk=LOCAL,lambda=0.5] within 0.1").status());
        assertEquals(ClaimOutcome.Status.FAIL, eval("mixed_fraction[topk=GLOBAL,lambda=0] == 0").status());
        assertEquals(ClaimOutcome.Status.PASS, eval("mixed_fraction[topk=GLOBAL,lambda=0] == 0 within 0.01").status());
        assertEquals(ClaimOutcome.Status.PASS, eval("mixed_fraction[topk=GLOBAL,lambda=1] == 0").status());
    }

    @Test
    void constantsAndArithmetic() {
        // LOCAL,0 has no r; GLOBAL,0 r = 0.1 < 2 * 0.01 fails; 0.1 < 20 * chance holds
        assertEquals(ClaimOutcome.Status.FAIL, eval("r[topk=GLOBAL,lambda=0] < 2 * chance").status());
        assertEquals(ClaimOutcome.Status.PASS, eval("r[topk=GLOBAL,lambda=0] < 20 * chance").status());
        ClaimOutcome unknown = eval("r[topk=GLOBAL,lambda=0] < 2 * gallery");
        assertEquals(ClaimOutcome.Status.ERROR, unknown.status());
        assertTrue(unknown.message().contains("unknown constant 'gallery'") && unknown.message().contains("chance"),
                unknown.message());
    }

    @Test
    void selectorValuesMatchNumericallyAndEnumsIgnoringCase() {
        assertEquals(ClaimOutcome.Status.PASS, eval("jaccard_mean[topk=local,lambda=0.50] == 0.65").status());
        assertEquals(ClaimOutcome.Status.PASS, eval("jaccard_mean[topk=GLOBAL,lambda=1.0] == 0.8").status());
    }

    @Test
    void aSelectorMatchingNoCellIsAnErrorNotAFailure() {
        ClaimOutcome o = eval("jaccard_mean[topk=GLOBAL,lambda=2] > 0");
        assertEquals(ClaimOutcome.Status.ERROR, o.status());
        assertTrue(o.message().contains("no cell matches [topk=GLOBAL,lambda=2]"), o.message());
    }

    @Test
    void aMissingMetricIsAnErrorNamingTheCell() {
        ClaimOutcome o = eval("r[topk=LOCAL,lambda=0] < 1");
        assertEquals(ClaimOutcome.Status.ERROR, o.status());
        assertTrue(o.message().contains("metric 'r' is missing in cell topk=LOCAL,lambda=0,seed=1"), o.message());
    }

    @Test
    void aSelectorSpanningTwoConfigurationsIsAmbiguous() {
        ClaimOutcome o = eval("jaccard_mean[topk=GLOBAL] > 0");
        assertEquals(ClaimOutcome.Status.ERROR, o.status());
        assertTrue(o.message().contains("ambiguous") && o.message().contains("lambda=0,topk=GLOBAL")
                && o.message().contains("lambda=1,topk=GLOBAL"), o.message());
    }

    @Test
    void nanAndDivisionByZeroAreErrors() {
        List<CellResult> cells = List.of(cell("topk=GLOBAL,seed=1", "m", Double.NaN, "z", 0.0));
        assertEquals(ClaimOutcome.Status.ERROR, eval(cells, "m[topk=GLOBAL] > 0").status());
        ClaimOutcome div = eval(cells, "1 / z[topk=GLOBAL] > 0");
        assertEquals(ClaimOutcome.Status.ERROR, div.status());
        assertTrue(div.message().contains("division by zero"), div.message());
    }
}
