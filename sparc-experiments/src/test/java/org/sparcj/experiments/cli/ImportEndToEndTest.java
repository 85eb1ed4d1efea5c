package org.sparcj.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparcj.data.DatasetSplit;
import org.sparcj.data.ingest.LabelledImport;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunData;
import org.sparcj.experiments.run.StoreSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.experiments.testing.CliRun;

/**
 * Open Images and MS-COCO from the command line, on the fixtures in the official layout
 * (sparc-data/src/test/resources/datasets): import, train and evaluate with labels, and the
 * one-line errors (exit 2) for files that do not match and truncated input.
 */
class ImportEndToEndTest {
    private static final Path FIXTURES = Path.of("../sparc-data/src/test/resources/datasets").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        CliRun r = new CliRun(args);
        out = r.out;
        err = r.err;
        return r.exit;
    }

    private Path base() throws IOException {
        String d = dir.toString().replace("\\", "/");
        Path f = dir.resolve("base.conf");
        Files.writeString(f, """
                sparc {
                  data.cache_dir = "%s/data"
                  model { latent_size = 16, k = 2, batch_size = 16, epochs = 2, log_every = 2, learning_rate = 0.01 }
                  eval { probe_min_positives = 2, concept_top_n = 5 }
                  run { grids_dir = "%s/grids", output_dir = "%s/runs", progress = false }
                  tracking { local_store = "%s/store", experiment = datasets }
                }
                """.formatted(d, d, d, d));
        return f;
    }

    /** Trains, then checks that the labelled metrics are present and finite. */
    private void trainAndCheck(String name, String... overrides) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", "-c", base().toString(), "--name", name));
        args.addAll(List.of(overrides));
        assertEquals(0, run(args.toArray(String[]::new)), err.toString() + out);
        assertTrue(out.toString().contains("status FINISHED"), out.toString());
        JsonNode result = new ObjectMapper().readTree(dir.resolve("runs/" + name + "/result.json").toFile());
        List<String> keys = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.path("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keys.add(e.getKey());
            if (e.getValue().isNumber()) assertTrue(Double.isFinite(e.getValue().asDouble()), e.getKey());
        }
        for (String prefix : List.of("jaccard_mean", "concepts.", "retrieval."))
            assertTrue(keys.stream().anyMatch(k -> k.startsWith(prefix)), prefix + " missing from " + keys);
    }

    @Test
    void openImagesImportThenTrainAndEvaluateOnTheStore() throws IOException {
        Path store = dir.resolve("oi");
        assertEquals(0, run("import", "openimages", "root=" + FIXTURES.resolve("openimages"), "--out", store.toString()),
                err.toString());
        assertTrue(out.toString().contains("rows (") && out.toString().contains("outside the taxonomy"), out.toString());
        assertTrue(FeatureStore.isComplete(store));
        // The test part is the test split's rows, whatever data.split.test says.
        ExperimentConfig cfg = ExperimentConfig.of(new ConfigLoader().load(null,
                List.of("data.source=store", "data.store.path=" + store, "data.split.test=0.5",
                        "data.cache_dir=" + dir.resolve("data"))));
        try (RunData d = new DataSources(Map.of("store", new StoreSource())).open(cfg)) {
            Set<String> testImages = LabelledImport.readTestImages(store);
            long testRows = 0;
            for (long r = 0; r < d.dataset().size(); r++)
                if (testImages.contains(DatasetSplit.imageOf(d.dataset().sampleId(r)))) testRows++;
            assertEquals(testRows, d.split().test().length);
            for (long r : d.split().test()) assertTrue(testImages.contains(DatasetSplit.imageOf(d.dataset().sampleId(r))));
            assertTrue(d.split().validation().length > 0, "validation drawn from the other rows");
        }
        trainAndCheck("oi", "data.source=store", "data.store.path=" + store);
    }

    @Test
    void cocoRunImportsImplicitlyOnceThenTrainsAndEvaluates() throws IOException {
        trainAndCheck("coco", "data.source=coco", "data.coco.root=" + FIXTURES.resolve("coco"));
        try (var s = Files.list(dir.resolve("data"))) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("coco-")).count());
        }
        Path store = dir.resolve("c");
        assertEquals(0, run("import", "coco", "root=" + FIXTURES.resolve("coco"), "--out", store.toString()), err.toString());
    }

    @Test
    void aRunWithoutTheRootOrWithAMissingFileFailsBeforeAnyWork() throws IOException {
        assertEquals(2, run("train", "-c", base().toString(), "data.source=openimages"));
        assertTrue(err.toString().strip().matches("error: sparc\\.data\\.openimages\\.\\w+ = .* root is not set"), err.toString());
        assertEquals(2, run("train", "-c", base().toString(), "data.source=coco", "data.coco.root=" + dir));
        String e = err.toString().strip();
        assertFalse(e.contains("\n"), e);
        assertTrue(e.contains("sparc.data.coco: input file " + dir.resolve("annotations/captions_train2017.json")), e);
        assertFalse(Files.exists(dir.resolve("runs")), "no run was started");
    }

    @Test
    void featuresOfAnotherSplitAreOneLineAndExitTwo() throws IOException {
        Path store = dir.resolve("bad");
        assertEquals(2, run("import", "coco", "root=" + FIXTURES.resolve("coco"), "splits=[val]",
                "features=features/coco/train", "--out", store.toString()));
        String e = err.toString().strip();
        assertFalse(e.contains("\n"), e);
        assertTrue(e.contains("captions_val2017.json") && e.contains("features/coco/train/"), e);
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains("bad")).toList(),
                    "nothing left: no store, no temporary directory");
        }
    }

    @Test
    void aTruncatedLabelFileIsOneLineAndExitTwo() throws IOException {
        Path csv = dir.resolve("labels.csv");
        List<String> lines = Files.readAllLines(FIXTURES.resolve(
                "openimages/labels/test-annotations-human-imagelabels-boxable.csv"));
        String cut = String.join("\n", lines.subList(0, 5)) + "\n" + lines.get(5).substring(0, 20) + "\n";
        Files.writeString(csv, cut);
        assertEquals(2, run("import", "openimages", "root=" + FIXTURES.resolve("openimages"), "splits=[test]",
                "labels=" + csv, "--out", dir.resolve("t").toString()));
        String e = err.toString().strip();
        assertFalse(e.contains("\n"), e);
        assertTrue(e.contains(csv.toString()) && e.contains("line 6"), e);
    }
}
