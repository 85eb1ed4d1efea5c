package org.sparcj.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTrackerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void recordsNestedRunsAsFilesAndReadsThemBack() throws Exception {
        LocalStoreTracker tracker = new LocalStoreTracker(root);
        TrackedRun parent = tracker.startRun("grid exp", "grid", null, Map.of("sparc.config_hash", "abc"));
        TrackedRun child = tracker.startRun("grid exp", "cell-1", parent.runId(), Map.of("cell", "1"));
        child.logParams(Map.of("lambda", "0.5", "k", "32"));
        child.logParams(Map.of("seed", "2"));
        List<MetricPoint> points = new ArrayList<>();
        for (int s = 0; s < 10; s++) points.add(new MetricPoint("loss", 10.0 - s, s, 1000 + s));
        child.logMetrics(points);
        child.logMetrics(List.of(new MetricPoint("nmse", 0.25, 9, 2000)));
        child.setTag("note", "hello");
        Path report = Files.writeString(root.resolveSibling(root.getFileName() + "-report.json"), "{\"a\":1}");
        child.logArtifact(report, "reports/final");
        child.end(RunStatus.FINISHED);

        Path runDir = Files.list(root).filter(Files::isDirectory).findFirst().orElseThrow().resolve(child.runId());
        JsonNode meta = JSON.readTree(runDir.resolve("meta.json").toFile());
        assertEquals(child.runId(), meta.get("runId").asText());
        assertEquals(parent.runId(), meta.get("parentRunId").asText());
        assertEquals("FINISHED", meta.get("status").asText());
        assertTrue(meta.get("endTime").asLong() >= meta.get("startTime").asLong());
        assertEquals("hello", meta.get("tags").get("note").asText());
        assertEquals("LOCAL_ONLY", meta.get("syncState").asText());
        assertEquals(Map.of("lambda", "0.5", "k", "32", "seed", "2"),
                JSON.readValue(runDir.resolve("params.json").toFile(), Map.class));
        List<String> lines = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        assertEquals(11, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("loss", first.get("key").asText());
        assertEquals(10.0, first.get("value").asDouble());
        assertEquals(0, first.get("step").asLong());
        assertEquals(1000, first.get("timestamp").asLong());
        assertEquals("{\"a\":1}", Files.readString(runDir.resolve("artifacts/reports/final/" + report.getFileName())));

        List<RunRecord> children = tracker.listRuns("grid exp", parent.runId());
        assertEquals(1, children.size());
        RunRecord r = children.get(0);
        assertEquals("cell-1", r.runName());
        assertEquals(RunStatus.FINISHED, r.status());
        assertEquals(1.0, r.metrics().get("loss"), "latest = highest step");
        assertEquals(0.25, r.metrics().get("nmse"));
        assertEquals("32", r.params().get("k"));
        assertEquals(2, tracker.listRuns("grid exp", null).size());
        assertEquals(RunStatus.RUNNING, tracker.findRun("grid exp", "grid").orElseThrow().status());
        assertTrue(tracker.findRun("grid exp", "nope").isEmpty());
        assertTrue(tracker.findRun("other", "grid").isEmpty());
    }

    @Test
    void findRunReturnsTheNewestOfThatName() throws Exception {
        LocalStoreTracker tracker = new LocalStoreTracker(root);
        TrackedRun old = tracker.startRun("e", "cell", null, Map.of());
        old.end(RunStatus.FAILED);
        Thread.sleep(5);
        TrackedRun again = tracker.startRun("e", "cell", null, Map.of());
        again.end(RunStatus.FINISHED);
        RunRecord found = tracker.findRun("e", "cell").orElseThrow();
        assertEquals(again.runId(), found.runId());
        assertEquals(RunStatus.FINISHED, found.status());
    }

    @Test
    void aTornLastMetricLineFromACrashIsSkipped() throws Exception {
        LocalStoreTracker tracker = new LocalStoreTracker(root);
        TrackedRun run = tracker.startRun("e", "r", null, Map.of());
        run.logMetrics(List.of(new MetricPoint("loss", 3, 0, 1), new MetricPoint("loss", 2, 1, 2)));
        Path metrics;
        try (var s = Files.walk(root)) {
            metrics = s.filter(p -> p.getFileName().toString().equals("metrics.jsonl")).findFirst().orElseThrow();
        }
        Files.writeString(metrics, "{\"key\":\"loss\",\"val", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(2.0, tracker.findRun("e", "r").orElseThrow().metrics().get("loss"));
        assertEquals(2, LocalStoreTracker.readMetrics(metrics.getParent()).size());
    }

    @Test
    void nonFiniteMetricValuesSurviveTheRoundTrip() {
        LocalStoreTracker tracker = new LocalStoreTracker(root);
        TrackedRun run = tracker.startRun("e", "r", null, Map.of());
        run.logMetrics(List.of(new MetricPoint("loss", Double.NaN, 0, 1), new MetricPoint("norm", Double.NEGATIVE_INFINITY, 0, 1)));
        RunRecord r = tracker.findRun("e", "r").orElseThrow();
        assertTrue(Double.isNaN(r.metrics().get("loss")));
        assertEquals(Double.NEGATIVE_INFINITY, r.metrics().get("norm"));
    }

    @Test
    void cellsRunningInParallelDoNotLoseRecords() throws Exception {
        LocalStoreTracker tracker = new LocalStoreTracker(root);
        TrackedRun parent = tracker.startRun("e", "grid", null, Map.of());
        int threads = 4;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            done.add(pool.submit(() -> {
                TrackedRun cell = tracker.startRun("e", "cell-" + id, parent.runId(), Map.of());
                for (int b = 0; b < 20; b++) {
                    List<MetricPoint> batch = new ArrayList<>();
                    for (int i = 0; i < 10; i++) batch.add(new MetricPoint("loss", id, b * 10 + i, 0));
                    cell.logMetrics(batch);
                    parent.logMetrics(List.of(new MetricPoint("cell-" + id + "/progress", b, b, 0)));
                    parent.setTag("cell-" + id, Integer.toString(b));
                }
                cell.end(RunStatus.FINISHED);
                return null;
            }));
        }
        for (var f : done) f.get();
        pool.shutdown();
        RunRecord p = tracker.findRun("e", "grid").orElseThrow();
        for (int t = 0; t < threads; t++) {
            assertEquals("19", p.tags().get("cell-" + t));
            assertEquals(19.0, p.metrics().get("cell-" + t + "/progress"));
        }
        List<RunRecord> cells = tracker.listRuns("e", parent.runId());
        assertEquals(threads, cells.size());
        for (RunRecord c : cells) assertEquals(RunStatus.FINISHED, c.status());
        Path parentDir = tracker.localRun("e", parent.runId()).orElseThrow().dir();
        assertEquals(threads * 20, LocalStoreTracker.readMetrics(parentDir).size());
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        LocalStoreTracker tracker = new LocalStoreTracker(root);
        TrackedRun run = tracker.startRun("e", "r", null, Map.of());
        for (int i = 0; i < 5; i++) run.setTag("t" + i, "v");
        run.logParams(Map.of("a", "1"));
        run.end(RunStatus.KILLED);
        try (var s = Files.walk(root)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
        assertEquals(RunStatus.KILLED, tracker.findRun("e", "r").orElseThrow().status());
    }

    @Test
    void badInputIsRejectedWithAClearMessage() throws Exception {
        LocalStoreTracker tracker = new LocalStoreTracker(root);
        TrackedRun run = tracker.startRun("e", "r", null, Map.of());
        Path f = Files.writeString(root.resolveSibling(root.getFileName() + "-x.txt"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.logArtifact(f, "../../escape"));
        assertTrue(e.getMessage().contains("../../escape"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> run.end(RunStatus.RUNNING));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> tracker.startRun("e", " ", null, Map.of()));
        assertTrue(blank.getMessage().contains("run name"));
    }

    @Test
    void experimentsWithSimilarNamesStayApart() {
        LocalStoreTracker tracker = new LocalStoreTracker(root);
        tracker.startRun("a/b", "r1", null, Map.of());
        tracker.startRun("a_b", "r2", null, Map.of());
        assertEquals(List.of("r1"), tracker.listRuns("a/b", null).stream().map(RunRecord::runName).toList());
        assertEquals(List.of("r2"), tracker.listRuns("a_b", null).stream().map(RunRecord::runName).toList());
    }
}
