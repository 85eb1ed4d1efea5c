package org.sparcj.experiments.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExpressionParserTest {

    @Test
    void parsesChainedComparisonWithSelectorsAndKeepsOperandText() {
        ClaimExpression c = ExpressionParser.parse(
                "jaccard_mean[topk=GLOBAL,lambda=1] > jaccard_mean[topk=GLOBAL, lambda=0] >= jaccard_mean[topk=LOCAL,lambda=0]");
        assertEquals(3, c.operands().size());
        assertEquals(List.of(ClaimExpression.Operator.GT, ClaimExpression.Operator.GE), c.operators());
        Expr.MetricRef first = assertInstanceOf(Expr.MetricRef.class, c.operands().get(0));
        assertEquals("jaccard_mean", first.metric());
        assertEquals(Map.of("topk", "GLOBAL", "lambda", "1"), first.selector());
        assertEquals("jaccard_mean[topk=GLOBAL, lambda=0]", c.operandText(1));
        assertNull(c.tolerance());
        assertEquals(3, c.metricRefs().size());
    }

    @Test
    void dottedMetricNamesNumbersAndNegativeSelectorValues() {
        ClaimExpression c = ExpressionParser.parse("retrieval.latent.r_at_1_mean[topk=LOCAL,lambda=0.5,x=-1e-3] < 2 * chance");
        Expr.MetricRef m = (Expr.MetricRef) c.operands().get(0);
        assertEquals("retrieval.latent.r_at_1_mean", m.metric());
        assertEquals(Map.of("topk", "LOCAL", "lambda", "0.5", "x", "-1e-3"), m.selector());
        Expr.Binary rhs = assertInstanceOf(Expr.Binary.class, c.operands().get(1));
        assertEquals('*', rhs.op());
        assertEquals("chance", ((Expr.Constant) rhs.right()).name());
    }

    @Test
    void spansAroundParenthesesIncludeThemAndAParenthesisedOperandIsItsContent() {
        ClaimExpression c = ExpressionParser.parse("-(a + 1) * 2 > (b[k=1])");
        assertEquals("-(a + 1) * 2", c.operandText(0));
        assertEquals("b[k=1]", c.operandText(1));
        assertInstanceOf(Expr.MetricRef.class, c.operands().get(1));
    }

    @Test
    void withinParsesAToleranceExpression() {
        ClaimExpression c = ExpressionParser.parse("a[s=1] == 0 within 1e-3 * 2");
        assertInstanceOf(Expr.Binary.class, c.tolerance());
        assertEquals(List.of(ClaimExpression.Operator.EQ), c.operators());
    }

    @Test
    void operatorPrecedenceAndParentheses() {
        // Evaluated through the evaluator with constants only: 2 + 3 * 4 = 14; (2 + 3) * 4 = 20; -2 - -3 = 1
        ClaimEvaluator ev = new ClaimEvaluator(List.of(), Map.of("two", 2.0), "seed", 1e-9);
        assertEquals(ClaimOutcome.Status.PASS, ev.evaluate(claim("two + 3 * 4 == 14")).status());
        assertEquals(ClaimOutcome.Status.PASS, ev.evaluate(claim("(two + 3) * 4 == 20")).status());
        assertEquals(ClaimOutcome.Status.PASS, ev.evaluate(claim("-two - -3 == 1")).status());
        assertEquals(ClaimOutcome.Status.PASS, ev.evaluate(claim("8 / two / 2 == 2")).status());
        assertEquals(ClaimOutcome.Status.PASS, ev.evaluate(claim("abs(1 - 4) == max(1, 3, two) == 3")).status());
        assertEquals(ClaimOutcome.Status.PASS, ev.evaluate(claim("min(5, two) < 2.5")).status());
    }

    @Test
    void errorsNameColumnAndToken() {
        ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class,
                () -> ExpressionParser.parse("mixed_fraction[topk=GLOBAL,lambda=1]"));
        assertTrue(e.getMessage().contains("expected a comparison operator"), e.getMessage());
        assertEquals(37, e.column());
        assertEquals("end of expression", e.token());

        e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("a[topk GLOBAL] > 1"));
        assertEquals(8, e.column());
        assertEquals("'GLOBAL'", e.token());
        assertTrue(e.getMessage().contains("expected '=' after parameter name 'topk'"), e.getMessage());

        e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("a[topk=GLOBAL > 1"));
        assertEquals(15, e.column());
        assertEquals("'>'", e.token());

        e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("a > > b"));
        assertEquals(5, e.column());

        e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("sqrt(a) > 1"));
        assertEquals(1, e.column());
        assertTrue(e.getMessage().contains("unknown function"), e.getMessage());

        e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("a > 1 b"));
        assertEquals(7, e.column());
        assertEquals("'b'", e.token());

        e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("a > 1 # 2"));
        assertEquals(7, e.column());
        assertTrue(e.getMessage().contains("unexpected character"), e.getMessage());

        e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("(a + 1 > 2"));
        assertEquals(8, e.column());
        assertTrue(e.getMessage().contains("expected ')'"), e.getMessage());

        e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("a[k=1,k=2] > 1"));
        assertEquals(7, e.column());
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());

        e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("a[] > 1"));
        assertEquals(3, e.column());
    }

    @Test
    void errorMessageShowsTheExpressionWithACaret() {
        ExpressionSyntaxException e = assertThrows(ExpressionSyntaxException.class, () -> ExpressionParser.parse("x >< y"));
        String[] lines = e.getMessage().split("\n");
        assertEquals("  x >< y", lines[1]);
        assertEquals("     ^", lines[2]);
    }

    private static Claim claim(String expr) {
        return new Claim("C1", "C1", "d", "p", ExpressionParser.parse(expr), "", false);
    }
}
