package org.sparcj.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.grid.GridRunner;
import org.sparcj.experiments.grid.GridSpec;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.testing.ObservedTracker;
import org.sparcj.experiments.testing.TinyData;
import org.sparcj.experiments.wiring.CoreModule;
import org.sparcj.experiments.wiring.DataModule;

/** MLflow is killed in the middle of a grid: the grid finishes locally, and sync completes it on the server. */
class GridOutageTest {
    @TempDir
    Path dir;

    @Test
    void aGridOutlivesTheServerAndSyncCompletesIt() throws Exception {
        MlflowTestServer server = MlflowTestServer.restartable();
        String uri = server.uri();
        String exp = "it-grid-outage-" + System.nanoTime();
        String d = dir.toString().replace("\\", "/");
        Files.writeString(dir.resolve("base.conf"), """
                sparc {
                  %s
                  model { latent_size = 16, k = 2, batch_size = 32, epochs = 4, log_every = 1, learning_rate = 0.01 }
                  eval.enabled = false
                  run { grids_dir = "%s/grids", progress = false, checkpoint_every = 5 }
                  tracking { experiment = "%s", metrics_batch = 14 }
                }
                """.formatted(TinyData.settings(dir), d, exp));
        Path g = Files.writeString(dir.resolve("g.conf"),
                "grid {\n name = outage\n experiment = base.conf\n axes { \"model.topk\" = [LOCAL, GLOBAL], \"model.lambda\" = [0, 1] }\n}\n");
        Path store = dir.resolve("store");
        ObservedTracker tracker = new ObservedTracker(new FallbackTracker(new MlflowTracker(uri), new LocalStoreTracker(store)));
        AtomicBoolean stopped = new AtomicBoolean();
        // The server dies while the second cell trains.
        tracker.onMetrics = () -> {
            if (tracker.metricBatches.size() == 2 && stopped.compareAndSet(false, true)) server.stop();
        };
        GridRunner runner = Guice.createInjector(new CoreModule(new StopSignal()), new DataModule()).getInstance(GridRunner.class);
        StringWriter log = new StringWriter();
        GridRunner.Result result;
        try {
            result = runner.run(GridSpec.parse(g), List.of(), 1, tracker, new PrintWriter(log, true));
        } finally {
            server.start();
        }
        assertTrue(stopped.get(), "the server was stopped mid-grid");
        assertEquals(RunStatus.FINISHED, result.status(), log.toString());

        SyncService.SyncReport report = SyncService.sync(store, uri);
        assertEquals(List.of(), report.failures());
        assertTrue(report.runsSynced() >= 4, "parent and the cells it missed: " + report);

        MlflowRest rest = new MlflowRest(uri);
        String expId = rest.experimentId(exp);
        List<JsonNode> parents = rest.searchRuns(expId, "tags.mlflow.runName = 'outage'");
        assertEquals(1, parents.size());
        assertEquals("FINISHED", parents.get(0).at("/info/status").asText());
        List<JsonNode> children = rest.searchRuns(expId, "tags.mlflow.parentRunId = '" + parents.get(0).at("/info/run_id").asText() + "'");
        Map<String, String> status = new TreeMap<>();
        for (JsonNode c : children) {
            String id = c.at("/info/run_id").asText();
            status.put(c.at("/info/run_name").asText(), c.at("/info/status").asText());
            Map<String, String> tags = MlflowRest.tags(rest.run(id));
            assertEquals(g.toString(), tags.get(RunTags.SOURCE_NAME));
            assertEquals(System.getProperty("user.name"), tags.get(RunTags.USER));
            assertEquals(c.at("/info/run_name").asText(), tags.get(RunTags.CELL));
            List<Long> steps = rest.metricHistory(id, "train.loss").stream().map(m -> m.get("step").asLong()).sorted().toList();
            assertEquals(steps.stream().distinct().count(), steps.size(), "each step once: " + steps);
            assertEquals(steps.size(), steps.get(steps.size() - 1), "no step lost: " + steps);
        }
        assertEquals(Map.of("lambda=0,topk=GLOBAL", "FINISHED", "lambda=0,topk=LOCAL", "FINISHED",
                "lambda=1,topk=GLOBAL", "FINISHED", "lambda=1,topk=LOCAL", "FINISHED"), status);
        tracker.close();
    }
}
