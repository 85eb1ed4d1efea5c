package org.sparcj.experiments.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.sparcj.experiments.run.CellResult;

/**
 * Every claim of both shipped claim files, parsed and evaluated against fixed metric tables: the
 * outcome (status, measured text as the report shows it, message) of each must stay as recorded
 * in shipped-claim-outcomes.txt, whichever parser reads the claim language. Recorded with the
 * hand-written parser before any change to it.
 */
class ShippedClaimOutcomesTest {

    private static final List<String> FILES = List.of("conf/claims.conf", "conf/claims-wordnet.conf");

    @Test
    void everyShippedClaimEvaluatesAsRecorded() throws IOException {
        StringBuilder actual = new StringBuilder();
        for (String file : FILES) {
            ClaimSet set = ClaimSet.load(ClaimsFileTest.repoFile(file));
            for (long tableSeed : new long[] {1, 2}) {
                List<CellResult> table = table(set, tableSeed, null);
                record(actual, file + " table " + tableSeed, set, table, RegressionRunner.chanceConstants(50));
            }
            // A metric missing from one cell and no constants supplied: the claims that need them are ERRORs naming them.
            String dropped = set.claims().get(0).expression().metricRefs().get(0).metric();
            record(actual, file + " table 1 without " + dropped + " in one cell, no constants", set,
                    table(set, 1, dropped), Map.of());
        }
        String expected;
        try (InputStream in = getClass().getResourceAsStream("shipped-claim-outcomes.txt")) {
            expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.contentEquals(actual)) {
            // Beside the build output, for reading the difference.
            Files.writeString(Path.of("target", "shipped-claim-outcomes.actual.txt"), actual);
        }
        assertEquals(expected, actual.toString());
    }

    private static void record(StringBuilder out, String title, ClaimSet set, List<CellResult> table,
                               Map<String, Double> constants) {
        out.append("## ").append(title).append('\n');
        ClaimEvaluator evaluator = new ClaimEvaluator(table, constants, set.seedKey(), set.equalityEpsilon());
        for (Claim c : set.claims()) {
            ClaimOutcome o = evaluator.evaluate(c);
            out.append(c.id()).append(' ').append(o.status()).append(" | ").append(Report.measured(o))
                    .append(" | ").append(o.message()).append('\n');
        }
    }

    /**
     * Two seeds of every configuration the claims select, each with every referenced metric drawn
     * from a random stream seeded by (table seed, cell, metric), so adding a claim leaves the other
     * claims' values as they were; {@code dropped} (nullable) is left out of the first cell.
     */
    private static List<CellResult> table(ClaimSet set, long seed, String dropped) {
        TreeSet<String> configs = new TreeSet<>();
        TreeSet<String> metrics = new TreeSet<>();
        for (Claim c : set.claims()) {
            for (Expr.MetricRef m : c.expression().metricRefs()) {
                configs.add(CellKey.of(m.selector(), set.seedKey()).toString());
                metrics.add(m.metric());
            }
        }
        List<CellResult> cells = new ArrayList<>();
        for (String config : configs) {
            for (String s : List.of("1", "2")) {
                Map<String, String> params = new LinkedHashMap<>(CellKey.parse(config).params());
                params.put(set.seedKey(), s);
                Map<String, Double> values = new TreeMap<>();
                metrics.forEach(m -> values.put(m,
                        Math.round(new Random(java.util.Objects.hash(seed, config, s, m)).nextDouble() * 1000) / 1000.0));
                if (cells.isEmpty() && dropped != null) {
                    values.remove(dropped);
                }
                cells.add(new CellResult(config + "," + set.seedKey() + "=" + s, params, values, "FINISHED"));
            }
        }
        return cells;
    }
}
