package org.sparcj.experiments.regress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.run.CellResult;

/** The shipped conf/claims.conf and conf/grids/regress-synthetic.conf, and claim-file validation. */
class ClaimsFileTest {

    @TempDir
    Path dir;

    static Path repoFile(String relative) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(relative))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve(relative);
    }

    @Test
    void shippedClaimsCoverEveryFindingAndSayWhereTheyHold() {
        ClaimSet set = ClaimSet.load(repoFile("conf/claims.conf"));
        assertEquals(Set.of("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "S1"),
                set.claims().stream().map(Claim::finding).collect(Collectors.toSet()));
        for (Claim c : set.claims()) {
            assertFalse(c.holdsOn().isBlank(), c.id() + " has no holds_on note");
            assertFalse(c.paperFigure().isBlank(), c.id() + " has no paper figure");
            assertTrue(c.id().startsWith(c.finding()), c.id());
        }
        assertEquals("seed", set.seedKey());
        assertEquals(3.0, set.tolerance().kSigma());
    }

    /**
     * Every selector of the shipped claims names exactly one configuration of the shipped grid, and
     * every constant is one the runner supplies: on a grid whose cells carry every referenced metric,
     * no claim is an ERROR (they pass or fail on the random values; that is not what is tested).
     */
    @Test
    void shippedClaimsResolveOnTheShippedGrid() {
        ClaimSet set = ClaimSet.load(repoFile("conf/claims.conf"));
        List<Map<String, String>> cells = expandGrid(repoFile("conf/grids/regress-synthetic.conf"));
        // 10 configurations (k=16: LOCAL x {0,1}, GLOBAL x {0,0.5,1,2}; k=8,32: LOCAL, GLOBAL at lambda 1) x 3 seeds
        assertEquals(30, cells.size());
        assertEquals(10, cells.stream().map(p -> CellKey.of(p, "seed")).distinct().count());

        RegressionRunner runner = new RegressionRunner();
        assertEquals(List.of(), runner.preflight(set, cells, RegressionRunner.chanceConstants(1000).keySet()));

        Set<String> metrics = new TreeSet<>();
        set.claims().forEach(c -> c.expression().metricRefs().forEach(m -> metrics.add(m.metric())));
        Random rnd = new Random(7);
        List<CellResult> results = new ArrayList<>();
        for (Map<String, String> p : cells) {
            Map<String, Double> m = new TreeMap<>();
            metrics.forEach(name -> m.put(name, rnd.nextDouble()));
            results.add(new CellResult(p.toString(), p, m, "FINISHED"));
        }
        RegressionResult r = new RegressionRunner().check(results, set, null, RegressionRunner.chanceConstants(1000));
        for (ClaimOutcome o : r.claims()) {
            assertNotEquals(ClaimOutcome.Status.ERROR, o.status(), o.claim().id() + ": " + o.message());
        }
    }

    @Test
    void preflightFindsSelectorsWithoutCellsAmbiguousSelectorsAndMissingConstants() {
        ClaimSet set = new ClaimSet(List.of(
                Cells.claim("C1a", "m[topk=GLOBAL,lambda=1] > m[topk=GLOBAL,lambda=3]"),
                Cells.claim("C4a", "r[topk=LOCAL] < 2 * chance"),
                Cells.claim("C5a", "m[topk=LOCAL,lambda=1] > 0")), "seed", 1e-9,
                new TolerancePolicy(3, 0, 0, List.of()), false);
        List<Map<String, String>> planned = List.of(
                Map.of("topk", "GLOBAL", "lambda", "1", "seed", "1"), Map.of("topk", "GLOBAL", "lambda", "1", "seed", "2"),
                Map.of("topk", "LOCAL", "lambda", "0", "seed", "1"), Map.of("topk", "LOCAL", "lambda", "1.0", "seed", "1"));
        assertEquals(List.of(
                "claim C1a: no cell matches [topk=GLOBAL,lambda=3]",
                "claim C4a: selector [topk=LOCAL] is ambiguous: it matches 2 configurations (lambda=0,topk=LOCAL; "
                        + "lambda=1,topk=LOCAL); name the parameters that tell them apart",
                "claim C4a: constant 'chance' is not supplied (supplied: none)"),
                new RegressionRunner().preflight(set, planned, Set.of()));
    }

    /** Cartesian product of the axes minus exclusions (numeric values compared as numbers). */
    private static List<Map<String, String>> expandGrid(Path file) {
        Config g = ConfigFactory.parseFile(file.toFile()).resolve().getConfig("grid");
        List<String> keys = List.of("model.topk", "model.lambda", "model.k", "model.seed");
        assertEquals(new TreeSet<>(keys), new TreeSet<>(g.getObject("axes").keySet()));
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (String k : keys) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (ConfigValue v : g.getObject("axes").toConfig().getList("\"" + k + "\"")) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(k.substring(k.lastIndexOf('.') + 1), String.valueOf(v.unwrapped()));
                    next.add(m);
                }
            }
            out = next;
        }
        List<Map<String, String>> kept = new ArrayList<>();
        for (Map<String, String> cell : out) {
            boolean excluded = false;
            for (Config ex : g.getConfigList("exclude")) {
                boolean all = true;
                for (Map.Entry<String, ConfigValue> e : ex.root().entrySet()) {
                    String param = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
                    all &= CellKey.valueMatches(cell.get(param), String.valueOf(e.getValue().unwrapped()));
                }
                excluded |= all;
            }
            if (!excluded) {
                kept.add(cell);
            }
        }
        return kept;
    }

    @Test
    void unknownKeysNameTheFileAndTheKey() throws Exception {
        Path f = dir.resolve("claims.conf");
        Files.writeString(f, "claims = [ { id = C1a, description = d, paper = p, expresion = \"a[k=1] > 0\" } ]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClaimSet.load(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("unknown key 'claims[0].expresion'"),
                e.getMessage());

        Files.writeString(f, "settings { tolerance { ksigma = 2 } }\nclaims = []");
        e = assertThrows(IllegalArgumentException.class, () -> ClaimSet.load(f));
        assertTrue(e.getMessage().contains("unknown key 'settings.tolerance.ksigma'"), e.getMessage());
    }

    @Test
    void aBadExpressionNamesTheClaimAndColumn() throws Exception {
        Path f = dir.resolve("claims.conf");
        Files.writeString(f, "claims = [ { id = C3b, description = d, paper = p, expression = \"jaccard_mean[topk=GLOBAL > 1\" } ]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClaimSet.load(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("claim C3b expression")
                && e.getMessage().contains("column 26"), e.getMessage());
    }

    @Test
    void duplicateIdsMissingKeysAndBadValuesAreRejected() throws Exception {
        Path f = dir.resolve("claims.conf");
        Files.writeString(f, "claims = [ { id = C1a, description = d, paper = p, expression = \"1 > 0\" }, "
                + "{ id = C1a, description = d, paper = p, expression = \"1 > 0\" } ]");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClaimSet.load(f)).getMessage()
                .contains("claim id C1a appears twice"));

        Files.writeString(f, "claims = [ { id = C1a, description = d, expression = \"1 > 0\" } ]");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClaimSet.load(f)).getMessage()
                .contains("claims[0] lacks required key 'paper'"));

        Files.writeString(f, "claims = [ { id = X1, description = d, paper = p, expression = \"1 > 0\" } ]");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClaimSet.load(f)).getMessage()
                .contains("claims[0].id 'X1'"));

        Files.writeString(f, "settings { tolerance { k_sigma = -1 } }\nclaims = []");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClaimSet.load(f)).getMessage()
                .contains("k_sigma must be a finite number >= 0"));

        Files.writeString(f, "settings { fail_on_known = maybe }\nclaims = []");
        String msg = assertThrows(IllegalArgumentException.class, () -> ClaimSet.load(f)).getMessage();
        assertTrue(msg.contains(f.toString()) && msg.contains("fail_on_known"), msg);
    }
}
