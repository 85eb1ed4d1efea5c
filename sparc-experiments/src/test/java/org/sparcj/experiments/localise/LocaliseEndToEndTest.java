package org.sparcj.experiments.localise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.Manifest;
import org.sparcj.data.store.PatchFeatures;
import org.sparcj.experiments.cli.SparcCli;
import org.sparcj.model.SparcModel;
import org.sparcj.model.SparseCodes;
import org.sparcj.experiments.testing.CliRun;

/**
 * bin/sparc localise end to end on a small synthetic localisation benchmark (Global TopK, cross loss,
 * mean-pooled patch tokens on a 4 x 4 grid): the exact decomposition, the planted objects as the
 * hottest patches, the output files, and bad input.
 */
class LocaliseEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path runDir;
    private static Path store;
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    static void train() throws IOException {
        String d = dir.toString().replace("\\", "/");
        Files.writeString(dir.resolve("base.conf"), """
                sparc {
                  data {
                    cache_dir = "%s/data"
                    synthetic { samples = 1500, patches { grid = 4, stream = dino } }
                  }
                  model { latent_size = 96, k = 8, batch_size = 64, epochs = 10, log_every = 10, learning_rate = 0.003, dead_steps = 50 }
                  eval { probes_mlp = false }
                  run { grids_dir = "%s/grids", output_dir = "%s/runs", progress = false }
                  tracking { local_store = "%s/store", experiment = localise }
                }
                """.formatted(d, d, d, d));
        assertEquals(0, SparcCli.commandLine().execute("train", "-c", dir.resolve("base.conf").toString(), "--name", "g"));
        runDir = dir.resolve("runs/g");
        try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
            store = s.filter(p -> p.getFileName().toString().equals("manifest.json")).findFirst().orElseThrow().getParent();
        }
    }

    private int run(String... args) {
        CliRun r = new CliRun(args);
        out = r.out;
        err = r.err;
        return r.exit;
    }

    @Test
    void meanDecompositionIsExact() {
        try (SparcModel model = SparcModel.loadCheckpoint(new org.sparcj.experiments.run.RunDirectory(runDir).checkpoint());
             FeatureStore fs = FeatureStore.open(store)) {
            PatchFeatures pf = PatchFeatures.open(fs, "dino");
            PatchAttribution attribution = new PatchAttribution(model.parameters().get(0), Manifest.Pooling.MEAN);
            SplittableRandom rng = new SplittableRandom(3);
            int checked = 0;
            for (int i = 0; i < 20; i++) {
                float[] tokens = pf.read(i);
                // Half the cases: arbitrary tokens, not the benchmark's.
                if (i % 2 == 1) for (int j = 0; j < tokens.length; j++) tokens[j] = (float) (rng.nextDouble() * 4 - 2);
                int d = pf.dim(), p = pf.count();
                float[] mean = new float[d];
                for (int c = 0; c < d; c++) {
                    double s = 0;
                    for (int j = 0; j < p; j++) s += tokens[j * d + c];
                    mean[c] = (float) (s / p);
                }
                SparseCodes codes = model.encode(0, mean, 1);
                for (int q = 0; q < codes.k(); q++) {
                    if (codes.values()[q] <= 0) continue;
                    LatentQuery one = new LatentQuery(new int[] {codes.indices()[q]}, new double[] {1});
                    double sum = attribution.constant(one);
                    for (double h : attribution.heatmap(tokens, one)) sum += h;
                    assertEquals(codes.values()[q], sum, 1e-5, "sample " + i + " latent " + codes.indices()[q]);
                    checked++;
                }
            }
            assertTrue(checked > 40, "checked " + checked);
        }
    }

    @Test
    void benchmarkMetricsAreInTheRunResult() throws IOException {
        JsonNode m = JSON.readTree(runDir.resolve("result.json").toFile()).path("metrics");
        double pointing = m.path("localise.pointing").asDouble(), chance = m.path("localise.pointing_chance").asDouble();
        assertTrue(chance > 0 && pointing > 3 * chance, "pointing " + pointing + " chance " + chance);
        assertTrue(m.has("localise.iou") && m.has("localise.parts.pointing"), m.toString());
    }

    @Test
    void captionQueryFindsThePlantedObjectsAndWritesTheFiles() throws IOException {
        // Samples with at least one object the caption (text) stream can see; their planted patches.
        Set<String> visible = new HashSet<>();
        for (JsonNode leaf : JSON.readTree(store.resolve("synthetic.json").toFile()).path("leaves"))
            if (leaf.get("text_visible").asBoolean()) visible.add(leaf.get("id").asText());
        Map<String, Set<Integer>> planted = new HashMap<>();
        for (String line : Files.readAllLines(store.resolve("ground_truth/dino_patch_regions.tsv")).subList(1, 400)) {
            String[] f = line.split("\t");
            if (!f[2].equals("0") || !visible.contains(f[1])) continue;
            for (String c : f[3].split(",")) planted.computeIfAbsent(f[0], k -> new HashSet<>()).add(Integer.parseInt(c));
        }
        List<String> samples = new ArrayList<>(planted.keySet()).subList(0, 12);
        int hits = 0;
        for (String s : samples) {
            Path o = dir.resolve("q-" + s);
            assertEquals(0, run("localise", runDir.toString(), "--query-row", s, "--text-stream", "clip_txt", "--samples", s,
                    "--out", o.toString()), err.toString());
            float[] heat = npy(o.resolve("heatmaps.npy"));
            int best = 0;
            for (int j = 1; j < 16; j++) if (heat[j] > heat[best]) best = j;
            if (planted.get(s).contains(best)) hits++;
        }
        assertTrue(hits >= 10, hits + " of 12 captions point into their planted objects");

        // Latent IDs, the top samples, and one sample drawn over its image (images.tsv).
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", dir.resolve("img.png").toFile());
        Files.writeString(store.resolve("images.tsv"), "syn-0000\t" + dir.resolve("img.png") + "\n");
        try {
            Path o = dir.resolve("ids");
            assertEquals(0, run("localise", runDir.toString(), "--latents", "1,2", "--samples", "syn-0000,syn-0001",
                    "--out", o.toString()), err.toString());
            assertTrue(out.toString().contains("2 heatmaps (1 over images)"), out.toString());
            assertEquals(2, npy(o.resolve("heatmaps.npy")).length / 16);
            assertEquals(40, ImageIO.read(o.resolve("000_syn-0000.png").toFile()).getWidth());
            assertEquals(4 * HeatmapImages.CELL_PIXELS, ImageIO.read(o.resolve("001_syn-0001.png").toFile()).getWidth());
            JsonNode meta = JSON.readTree(o.resolve("localise.json").toFile());
            assertEquals("mean", meta.get("pooling").asText());
            assertEquals(2, meta.get("latents").size());
            assertEquals(0, run("localise", runDir.toString(), "--latents", "3", "--top", "3", "--out", dir.resolve("top").toString()));
            assertEquals(3, Files.readAllLines(dir.resolve("top/samples.txt")).size());
        } finally {
            Files.delete(store.resolve("images.tsv"));
        }
    }

    @Test
    void atlasLatentPagesShowHeatmaps() throws IOException {
        Path site = dir.resolve("atlas");
        assertEquals(0, run("atlas", runDir.toString(), "--out", site.toString()), err.toString());
        try (Stream<Path> s = Files.list(site.resolve("heat"))) {
            assertTrue(s.anyMatch(p -> p.toString().endsWith(".png")));
        }
        String shard = Files.readString(site.resolve("data/latents/0.js"));
        assertTrue(shard.contains("\"heat/"), shard.substring(0, 200));
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        assertEquals(2, run("localise", runDir.toString(), "--query", "a red car", "--out", dir.resolve("x").toString()));
        assertOneLine("text model");
        // A copy of the store whose manifest says a 2 x 2 grid for the 4 x 4 patch file.
        Path bad = dir.resolve("bad-store");
        Files.createDirectories(bad);
        try (Stream<Path> s = Files.list(store)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) Files.copy(f, bad.resolve(f.getFileName()));
        }
        Manifest m = Manifest.read(bad);
        m.withStream("dino", e -> e.withPatches(new Manifest.Patches(e.patches().file(), null, 2, 2, Manifest.Pooling.MEAN))).write(bad);
        assertEquals(2, run("localise", runDir.toString(), "--latents", "1", "--data", bad.toString(), "--out", dir.resolve("y").toString()));
        assertOneLine("dino_patches.npy");
        assertTrue(err.toString().contains("grid 2x2"), err.toString());
        assertEquals(2, run("localise", runDir.toString(), "--latents", "100000", "--out", dir.resolve("z").toString()));
        assertOneLine("latent 100000");
    }

    private void assertOneLine(String mentions) {
        String e = err.toString().trim();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains(mentions), e);
    }

    private static float[] npy(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        var buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(b.length - 128) / 4];
        for (int i = 0; i < out.length; i++) out[i] = buf.getFloat(128 + 4 * i);
        return out;
    }
}
