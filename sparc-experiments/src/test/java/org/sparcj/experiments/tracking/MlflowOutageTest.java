package org.sparcj.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server is killed mid-run and restarted: nothing is lost, and sync uploads exactly what it missed. */
class MlflowOutageTest {
    @TempDir
    Path tmp;

    @Test
    void aRunOutlivesTheServerAndSyncCompletesItOnce() throws Exception {
        MlflowTestServer server = MlflowTestServer.restartable();
        String uri = server.uri();
        Path store = tmp.resolve("store");
        String exp = "it-outage-" + System.nanoTime();
        FallbackTracker tracker = new FallbackTracker(new MlflowTracker(uri), new LocalStoreTracker(store));

        TrackedRun parent = tracker.startRun(exp, "grid", null, RunTags.standard("beef"));
        TrackedRun cell = tracker.startRun(exp, "cell-1", parent.runId(), Map.of("cell", "1"));
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 110; i++) params.put("p" + i, "v" + i);
        cell.logParams(params);
        cell.logMetrics(MlflowIntegrationTest.lossCurve(0, 500));
        cell.logMetrics(List.of(new MetricPoint("train/grad_norm", Double.POSITIVE_INFINITY, 0, 5),
                new MetricPoint("train/grad_norm", Double.NaN, 1, 6)));

        Path report = Files.writeString(tmp.resolve("report.json"), "{\"done\": true}");
        LocalStoreTracker local = new LocalStoreTracker(store);
        TrackedRun late;
        server.stop();
        // Restart even when an assertion fails, so later tests find the shared server up.
        try {
            cell.logMetrics(MlflowIntegrationTest.lossCurve(500, 1200));
            cell.setTag("phase", "after-outage");
            cell.logArtifact(report, "eval");
            cell.end(RunStatus.FINISHED);
            late = tracker.startRun(exp, "cell-2", parent.runId(), Map.of("cell", "2"));
            late.logParams(Map.of("lambda", "2"));
            late.logMetrics(MlflowIntegrationTest.lossCurve(0, 30));
            late.end(RunStatus.FAILED);
            parent.end(RunStatus.FINISHED);
            // A whole grid started while the server is down: parent and child wait for sync together.
            TrackedRun grid2 = tracker.startRun(exp, "grid-2", null, Map.of());
            TrackedRun grid2Cell = tracker.startRun(exp, "grid-2-cell", grid2.runId(), Map.of());
            grid2Cell.logMetrics(MlflowIntegrationTest.lossCurve(0, 5));
            grid2Cell.end(RunStatus.KILLED);
            grid2.end(RunStatus.KILLED);

            // Everything is in the local store, marked for sync; the tracker still lists the grid.
            assertEquals(SyncState.PENDING, local.localRun(exp, cell.runId()).orElseThrow().meta().syncState());
            assertEquals(SyncState.PENDING, local.localRun(exp, late.runId()).orElseThrow().meta().syncState());
            assertEquals(1200 + 2, LocalStoreTracker.readMetrics(local.localRun(exp, cell.runId()).orElseThrow().dir()).size());
            List<RunRecord> whileDown = tracker.listRuns(exp, parent.runId());
            assertEquals(List.of("cell-1", "cell-2"), whileDown.stream().map(RunRecord::runName).toList());
            assertEquals(RunStatus.FINISHED, whileDown.get(0).status());
        } finally {
            server.start();
        }
        assertEquals(uri, server.uri(), "restarted on the same port");
        SyncService.SyncReport report1 = SyncService.sync(store, uri);
        assertEquals(List.of(), report1.failures());
        assertEquals(5, report1.runsSynced(), "parent (status), cell-1 (rest), cell-2 (all), grid-2 and its cell");
        assertEquals(700 + 30 + 5, report1.metricsUploaded(), "only the points the server missed");

        MlflowRest rest = new MlflowRest(uri);
        String expId = rest.experimentId(exp);
        MlflowIntegrationTest.assertLossCurve(rest, cell.runId(), 1200);
        assertEquals(2, rest.metricHistory(cell.runId(), "train/grad_norm").size(), "infinite and NaN points not sent twice");
        JsonNode c = rest.run(cell.runId());
        assertEquals("FINISHED", c.at("/info/status").asText());
        assertEquals(params, MlflowRest.params(c).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, LinkedHashMap::new)));
        assertEquals("after-outage", MlflowRest.tags(c).get("phase"));
        assertArrayEquals(Files.readAllBytes(report), rest.artifact(expId, cell.runId(), "eval/report.json"));
        assertEquals("FINISHED", rest.run(parent.runId()).at("/info/status").asText());

        List<JsonNode> children = rest.searchRuns(expId, "tags.mlflow.parentRunId = '" + parent.runId() + "'");
        Map<String, JsonNode> byName = children.stream().collect(Collectors.toMap(r -> r.at("/info/run_name").asText(), r -> r));
        assertEquals(2, byName.size());
        JsonNode lateOnServer = byName.get("cell-2");
        String lateId = lateOnServer.at("/info/run_id").asText();
        assertNotEquals(late.runId(), lateId, "created on the server by sync, under a new id");
        assertEquals("FAILED", lateOnServer.at("/info/status").asText());
        assertEquals(Map.of("lambda", "2"), MlflowRest.params(lateOnServer));
        assertEquals(30, rest.metricHistory(lateId, "train/loss").size());
        assertEquals("beef", MlflowRest.tags(rest.run(parent.runId())).get(RunTags.CONFIG_HASH));

        List<JsonNode> grid2 = rest.searchRuns(expId, "tags.mlflow.runName = 'grid-2'");
        assertEquals(1, grid2.size());
        assertEquals("KILLED", grid2.get(0).at("/info/status").asText());
        List<JsonNode> grid2Cells = rest.searchRuns(expId, "tags.mlflow.parentRunId = '" + grid2.get(0).at("/info/run_id").asText() + "'");
        assertEquals(1, grid2Cells.size());
        assertEquals("grid-2-cell", grid2Cells.get(0).at("/info/run_name").asText());
        assertEquals(5, rest.metricHistory(grid2Cells.get(0).at("/info/run_id").asText(), "train/loss").size());

        // Idempotent: a second sync finds nothing to do and the server keeps exactly one copy.
        SyncService.SyncReport report2 = SyncService.sync(store, uri);
        assertEquals(0, report2.runsSynced());
        assertEquals(0, report2.metricsUploaded());
        MlflowIntegrationTest.assertLossCurve(rest, cell.runId(), 1200);
        assertEquals(2, rest.searchRuns(expId, "tags.mlflow.parentRunId = '" + parent.runId() + "'").size());
        assertEquals(SyncState.SYNCED, local.localRun(exp, late.runId()).orElseThrow().meta().syncState());
        assertTrue(tracker.findRun(exp, "cell-2").isPresent());
        tracker.close();
    }
}
