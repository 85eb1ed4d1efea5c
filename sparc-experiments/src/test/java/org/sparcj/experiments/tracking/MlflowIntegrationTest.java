package org.sparcj.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real MLflow server (scripts/mlflow-server.sh); values are read back over the REST API. */
class MlflowIntegrationTest {
    private static MlflowTestServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        server = MlflowTestServer.shared();
    }

    private static String experiment(String what) {
        return "it-" + what + "-" + System.nanoTime();
    }

    static List<MetricPoint> lossCurve(int fromStep, int toStep) {
        List<MetricPoint> points = new ArrayList<>();
        for (int s = fromStep; s < toStep; s++) points.add(new MetricPoint("train/loss", 1.0 / (s + 1), s, 1_700_000_000_000L + s));
        return points;
    }

    static void assertLossCurve(MlflowRest rest, String runId, int steps) {
        List<JsonNode> history = rest.metricHistory(runId, "train/loss");
        assertEquals(steps, history.size(), "points of train/loss on the server");
        Map<Long, JsonNode> byStep = history.stream().collect(Collectors.toMap(n -> n.get("step").asLong(), n -> n));
        assertEquals(steps, byStep.size(), "one point per step, no duplicates");
        for (long s = 0; s < steps; s++) {
            JsonNode p = byStep.get(s);
            assertEquals(1.0 / (s + 1), p.get("value").asDouble(), "value at step " + s);
            assertEquals(1_700_000_000_000L + s, p.get("timestamp").asLong(), "timestamp at step " + s);
        }
    }

    @Test
    void gridParentWithNestedChildrenReadsBackThroughTheRestApi() throws Exception {
        String exp = experiment("grid");
        MlflowRest rest = new MlflowRest(server.uri());
        try (MlflowTracker tracker = new MlflowTracker(server.uri())) {
            TrackedRun parent = tracker.startRun(exp, "grid", null, RunTags.standard("cafe01234567"));
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < 150; i++) params.put(String.format("model.p%03d", i), "value-" + i);
            params.put("long.value", "y".repeat(7000));
            params.put("data.streams[0].dim", "768");
            parent.logParams(params);

            TrackedRun a = tracker.startRun(exp, "cell-a", parent.runId(), Map.of("cell", "a"));
            a.logParams(Map.of("lambda", "1.0", "k", "32"));
            a.logMetrics(lossCurve(0, 1500));
            a.logMetrics(List.of(new MetricPoint("eval/nmse", 0.125, 1499, 1_700_000_100_000L)));
            Path report = Files.writeString(tmp.resolve("report.json"), "{\"nmse\": 0.125}");
            a.logArtifact(report, "eval");
            a.end(RunStatus.FINISHED);

            TrackedRun b = tracker.startRun(exp, "cell-b", parent.runId(), Map.of("cell", "b"));
            b.logParams(Map.of("lambda", "0.0", "k", "64"));
            b.logMetrics(lossCurve(0, 10));
            b.logMetrics(List.of(new MetricPoint("train/loss", Double.NaN, 10, 1_700_000_000_010L),
                    new MetricPoint("train/grad_norm", Double.POSITIVE_INFINITY, 10, 1_700_000_000_010L)));
            b.setTag(RunTags.ERROR, "java.lang.IllegalStateException: NaN loss");
            b.end(RunStatus.FAILED);

            TrackedRun killed = tracker.startRun(exp, "interrupted", null, Map.of());
            killed.end(RunStatus.KILLED);
            parent.end(RunStatus.FINISHED);

            String expId = rest.experimentId(exp);
            JsonNode p = rest.run(parent.runId());
            assertEquals("FINISHED", p.at("/info/status").asText());
            Map<String, String> serverParams = MlflowRest.params(p);
            assertEquals(152, serverParams.size());
            assertEquals("768", serverParams.get("data.streams_0_.dim"), "a key MLflow rejects is logged with '_'");
            for (int i = 0; i < 150; i++) assertEquals("value-" + i, serverParams.get(String.format("model.p%03d", i)));
            String cut = serverParams.get("long.value");
            assertEquals(6000, cut.length());
            assertTrue(cut.startsWith("yyyy") && cut.endsWith("...[truncated 7000 chars]"), cut.substring(5950));
            Map<String, String> parentTags = MlflowRest.tags(p);
            assertEquals("cafe01234567", parentTags.get(RunTags.CONFIG_HASH));
            assertEquals(RunTags.gitCommit(), parentTags.get(RunTags.GIT_COMMIT));
            assertEquals("grid", parentTags.get("mlflow.runName"));

            List<JsonNode> children = rest.searchRuns(expId, "tags.mlflow.parentRunId = '" + parent.runId() + "'");
            Map<String, JsonNode> byName = children.stream().collect(Collectors.toMap(r -> r.at("/info/run_name").asText(), r -> r));
            assertEquals(Set.of("cell-a", "cell-b"), byName.keySet());
            assertEquals(a.runId(), byName.get("cell-a").at("/info/run_id").asText());
            assertEquals("FINISHED", byName.get("cell-a").at("/info/status").asText());
            assertEquals("FAILED", byName.get("cell-b").at("/info/status").asText());
            assertEquals("java.lang.IllegalStateException: NaN loss", MlflowRest.tags(byName.get("cell-b")).get(RunTags.ERROR));
            assertEquals("KILLED", rest.run(killed.runId()).at("/info/status").asText());
            assertEquals(Map.of("lambda", "1.0", "k", "32"), MlflowRest.params(byName.get("cell-a")));

            assertLossCurve(rest, a.runId(), 1500);
            List<JsonNode> bLoss = rest.metricHistory(b.runId(), "train/loss");
            assertEquals(11, bLoss.size());
            assertTrue(bLoss.stream().anyMatch(n -> n.get("step").asLong() == 10 && Double.isNaN(n.get("value").asDouble())),
                    "a NaN loss is recorded as NaN: " + bLoss);
            // MLflow stores an infinite value as the largest double.
            assertEquals(Double.MAX_VALUE, rest.metricHistory(b.runId(), "train/grad_norm").get(0).get("value").asDouble());
            assertEquals(Map.of("eval/report.json", (long) Files.size(report)), rest.listArtifacts(a.runId(), "eval"));
            assertEquals(Map.of("eval", -1L), rest.listArtifacts(a.runId(), ""));
            assertArrayEquals(Files.readAllBytes(report), rest.artifact(expId, a.runId(), "eval/report.json"));

            // And through the tracker's own read side (what grid resume and compare use).
            List<RunRecord> records = tracker.listRuns(exp, parent.runId());
            assertEquals(List.of("cell-a", "cell-b"), records.stream().map(RunRecord::runName).toList());
            assertEquals(1.0 / 1500, records.get(0).metrics().get("train/loss"));
            assertEquals(0.125, records.get(0).metrics().get("eval/nmse"));
            assertEquals(RunStatus.FAILED, records.get(1).status());
            assertEquals(parent.runId(), tracker.findRun(exp, "grid").orElseThrow().runId());
            assertTrue(tracker.findRun(exp, "no-such-cell").isEmpty());
            assertEquals(4, tracker.listRuns(exp, null).size());
        }
    }

    @Test
    void syncUploadsRunsRecordedWithoutAServer() {
        String exp = experiment("local");
        LocalStoreTracker local = new LocalStoreTracker(tmp.resolve("store"));
        TrackedRun parent = local.startRun(exp, "grid", null, RunTags.standard("00aa"));
        TrackedRun child = local.startRun(exp, "cell", parent.runId(), Map.of());
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 120; i++) params.put("p" + i, Integer.toString(i));
        child.logParams(params);
        child.logMetrics(lossCurve(0, 1100));
        child.end(RunStatus.FINISHED);
        parent.end(RunStatus.FINISHED);

        assertEquals(0, SyncService.sync(tmp.resolve("store"), server.uri()).runsSynced(), "local-only runs need asking");
        SyncService.SyncReport report = SyncService.sync(tmp.resolve("store"), server.uri(), true);
        assertEquals(List.of(), report.failures());
        assertEquals(2, report.runsSynced());
        assertEquals(1100, report.metricsUploaded());
        SyncService.SyncReport again = SyncService.sync(tmp.resolve("store"), server.uri(), true);
        assertEquals(0, again.runsSynced());

        MlflowRest rest = new MlflowRest(server.uri());
        String expId = rest.experimentId(exp);
        List<JsonNode> parents = rest.searchRuns(expId, "tags.mlflow.runName = 'grid'");
        assertEquals(1, parents.size());
        String parentId = parents.get(0).at("/info/run_id").asText();
        List<JsonNode> children = rest.searchRuns(expId, "tags.mlflow.parentRunId = '" + parentId + "'");
        assertEquals(1, children.size());
        String childId = children.get(0).at("/info/run_id").asText();
        assertEquals(params, new LinkedHashMap<>(MlflowRest.params(rest.run(childId))).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, LinkedHashMap::new)));
        assertLossCurve(rest, childId, 1100);
        assertEquals("FINISHED", rest.run(childId).at("/info/status").asText());
        assertEquals("00aa", MlflowRest.tags(rest.run(parentId)).get(RunTags.CONFIG_HASH));
    }

    @Test
    void theFactoryPicksMlflowWhenTheEnvironmentNamesIt() {
        try (Tracker t = TrackerFactory.open(org.sparcj.experiments.config.TrackingSettings.resolveUri(null, Map.of("MLFLOW_TRACKING_URI", server.uri())).orElseThrow(),
                MlflowCredentials.NONE, false, tmp)) {
            FallbackTracker f = assertInstanceOf(FallbackTracker.class, t);
            assertEquals(server.uri(), f.mlflow().uri());
            String exp = experiment("factory");
            TrackedRun r = t.startRun(exp, "one", null, Map.of());
            r.end(RunStatus.FINISHED);
            assertEquals("FINISHED", new MlflowRest(server.uri()).run(r.runId()).at("/info/status").asText());
            // The local mirror has it under the same id, already in sync.
            assertEquals(RunStatus.FINISHED, f.local().findRun(exp, "one").orElseThrow().status());
            assertEquals(SyncState.SYNCED, f.local().localRun(exp, r.runId()).orElseThrow().meta().syncState());
        }
    }
}
