package org.sparcj.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.FeatureStoreWriter;
import org.sparcj.experiments.testing.CliRun;

/**
 * export, encode and atlas on two trained runs (Local and Global TopK): the exports checked in NumPy by
 * scripts/check_export.py, encode on a store larger than its JVM's heap, and the atlas in headless
 * Chromium (scripts/setup-chromium.sh). In CI a missing test venv or browser fails; elsewhere those tests skip.
 */
class ResultsExportTest {
    private static final boolean CI = "true".equals(System.getenv("CI"));
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path local;
    private static Path global;
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    static void trainLocalAndGlobal() throws IOException {
        String d = dir.toString().replace("\\", "/");
        Files.writeString(dir.resolve("base.conf"), """
                sparc {
                  data {
                    cache_dir = "%s/data"
                    synthetic {
                      samples = 240
                      streams = [ { name = a, dim = 24 }, { name = b, dim = 24 }, { name = c, dim = 16 } ]
                      text_stream = c
                      depth = 2
                      branching = 3
                      concepts_per_sample = 2
                      private_factors = 2
                      text_private_factors = 2
                      aligned_pair = []
                    }
                  }
                  model { latent_size = 32, k = 4, batch_size = 32, epochs = 3, log_every = 5, learning_rate = 0.01 }
                  eval.enabled = false
                  run { grids_dir = "%s/grids", output_dir = "%s/runs", progress = false }
                  tracking { local_store = "%s/store", experiment = export }
                }
                """.formatted(d, d, d, d));
        for (String mode : List.of("LOCAL", "GLOBAL")) {
            int rc = SparcCli.commandLine().execute("train", "-c", dir.resolve("base.conf").toString(), "--name", mode,
                    "model.topk=" + mode);
            assertEquals(0, rc, "training " + mode);
        }
        local = dir.resolve("runs/LOCAL");
        global = dir.resolve("runs/GLOBAL");
    }

    private int run(String... args) {
        CliRun r = new CliRun(args);
        out = r.out;
        err = r.err;
        return r.exit;
    }

    /** The synthetic store the runs trained on. */
    private static Path store() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
            return s.filter(p -> p.getFileName().toString().equals("manifest.json")).findFirst().orElseThrow().getParent();
        }
    }

    @Test
    void exportsReproduceEncodeInNumpyForLocalAndGlobalModels() throws Exception {
        Path python = REPO.resolve(".venv-test/bin/python");
        if (!Files.isExecutable(python)) {
            if (CI) throw new AssertionError("no " + python + ": scripts/test.sh installs it (scripts/setup-test-venv.sh)");
            assumeTrue(false, "no test venv; run scripts/setup-test-venv.sh");
        }
        for (Path runDir : List.of(local, global)) {
            Path x = dir.resolve("export-" + runDir.getFileName());
            assertEquals(0, run("export", runDir.toString(), "--out", x.resolve("m.safetensors").toString()), err.toString());
            assertTrue(out.toString().contains("15 arrays"), out.toString());
            assertEquals(0, run("export", runDir.toString(), "--format", "npz", "--out", x.resolve("m.npz").toString()), err.toString());
            assertEquals(0, run("export", runDir.toString(), "--official-names", "--out", x.resolve("o.safetensors").toString()),
                    err.toString());
            List<String> modes = runDir == global ? List.of("global", "local") : List.of("local");
            for (String mode : modes) {
                Path codes = x.resolve("codes-" + mode);
                assertEquals(0, run("encode", runDir.toString(), "--mode", mode, "--batch", "50", "--out", codes.toString()),
                        err.toString());
                JsonNode summary = JSON.readTree(codes.resolve("codes.json").toFile());
                assertEquals(240, summary.get("rows").asInt());
                assertEquals(240, Files.readAllLines(codes.resolve("sample_ids.txt")).size());
                String log = python(python, "--safetensors", x.resolve("m.safetensors"), "--npz", x.resolve("m.npz"),
                        "--official", x.resolve("o.safetensors"), "--store", store(), "--codes", codes,
                        "--docs", REPO.resolve("docs/EXPORT.md"), "--rows", "100");
                assertTrue(log.contains("check_export: OK"), log);
            }
        }
        // Without an argument, encode uses the model's own selection.
        Path own = dir.resolve("codes-own");
        assertEquals(0, run("encode", global.toString(), "--split", "test", "--out", own.toString()), err.toString());
        assertEquals("global", JSON.readTree(own.resolve("codes.json").toFile()).get("selection").asText());
    }

    private static String python(Path python, Object... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), REPO.resolve("scripts/check_export.py").toString()));
        for (Object a : args) cmd.add(a.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "check_export.py timed out");
        assertEquals(0, p.exitValue(), log);
        return log;
    }

    @Test
    void badRequestsFailWithAUsageError() {
        assertEquals(SparcCli.USAGE, run("export", dir.toString()));
        assertTrue(err.toString().contains("no checkpoint"), err.toString());
        assertEquals(SparcCli.USAGE, run("encode", local.toString(), "--mode", "global", "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("LOCAL TopK"), err.toString());
        assertEquals(SparcCli.USAGE, run("export", local.toString(), "--format", "h5"));
    }

    @Test
    void encodeStreamsAStoreLargerThanItsHeap() throws Exception {
        // 48 MB of features (3 streams, 64 floats a row), encoded by a JVM with a 20 MB heap.
        Path big = dir.resolve("big-store");
        List<StreamInfo> streams = List.of(new StreamInfo("a", 24), new StreamInfo("b", 24), new StreamInfo("c", 16));
        int rows = 190_000, batch = 10_000;
        SplittableRandom rng = new SplittableRandom(3);
        try (FeatureStoreWriter w = FeatureStoreWriter.create(big, streams, rows)) {
            for (int b0 = 0; b0 < rows; b0 += batch) {
                float[][] x = new float[3][];
                for (int s = 0; s < 3; s++) {
                    x[s] = new float[batch * streams.get(s).dim()];
                    for (int i = 0; i < x[s].length; i++) x[s][i] = (float) rng.nextGaussian();
                }
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < batch; i++) ids.add("s" + (b0 + i));
                w.appendBatch(ids, x);
            }
        }
        long bytes;
        try (FeatureStore fs = FeatureStore.open(big)) {
            bytes = fs.size() * 64 * 4;
        }
        long heap = 20L << 20;
        assertTrue(bytes > 2 * heap, "store " + bytes + " B");
        Path codes = dir.resolve("big-codes");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // JavaCPP caps TensorFlow's native memory at the heap size unless told otherwise: the bound under test is the heap.
        Process p = new ProcessBuilder(java.toString(), "-Xmx" + (heap >> 20) + "m", "-Dorg.bytedeco.javacpp.maxBytes=0",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-cp", System.getProperty("java.class.path"),
                SparcCli.class.getName(), "encode", global.toString(), "--data", big.toString(), "--out", codes.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "encode timed out");
        assertEquals(0, p.exitValue(), log);
        assertEquals(rows, JSON.readTree(codes.resolve("codes.json").toFile()).get("rows").asInt());
        for (String s : List.of("a", "b", "c"))
            assertEquals(128 + (long) rows * 4 * 4, Files.size(codes.resolve(s + ".indices.npy")));
    }

    @Test
    void theAtlasRendersInHeadlessChromium() throws Exception {
        Path store = store();
        // Thumbnails and texts for the store's samples.
        List<String> ids = Files.readAllLines(store.resolve(FeatureStoreWriter.SAMPLE_IDS_FILE));
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        StringBuilder tsv = new StringBuilder(), texts = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 30; y++) for (int xx = 0; xx < 40; xx++) img.setRGB(xx, y, (i * 7919 + xx * 97 + y * 31) & 0xffffff);
            ImageIO.write(img, "png", images.resolve(i + ".png").toFile());
            tsv.append(ids.get(i)).append('\t').append(images.resolve(i + ".png")).append('\n');
            texts.append(ids.get(i)).append('\t').append("caption of sample ").append(ids.get(i)).append('\n');
        }
        Files.writeString(store.resolve("images.tsv"), tsv);
        Files.writeString(store.resolve("texts.tsv"), texts);
        Path site = dir.resolve("atlas");
        assertEquals(0, run("atlas", global.toString(), "--out", site.toString(), "--data", store.toString(), "--split", "all"),
                err.toString());
        assertTrue(out.toString().contains("wrote " + site.resolve("index.html")), out.toString());
        assertTrue(Files.isRegularFile(site.resolve("data/latents/0.js")));
        String index = Files.readString(site.resolve("data/index.js"));
        assertTrue(index.startsWith("atlasData(\"index\", {"), index.substring(0, 40));
        JsonNode idx = JSON.readTree(index.substring("atlasData(\"index\", ".length(), index.lastIndexOf(')')));
        assertEquals(32, idx.get("pattern").size());
        assertEquals(1, idx.get("cosine").size(), "a and b have the same width");
        int fires = 0;
        while (idx.get("rate").get(0).get(fires).asDouble() == 0) fires++;

        String chromium = chromium();
        Path shots = Path.of("target", "atlas-screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        String indexDom = browser(chromium, "--dump-dom", site.resolve("index.html").toUri().toString());
        assertTrue(indexDom.contains("class=\"latent-row\""), "index rows rendered:\n" + indexDom);
        assertTrue(indexDom.contains("32 of 32 latents match"), indexDom);
        String latentUrl = site.resolve("latent.html").toUri() + "?j=" + fires;
        String latentDom = browser(chromium, "--dump-dom", latentUrl);
        assertTrue(latentDom.contains("Latent #" + fires), latentDom);
        assertTrue(latentDom.contains("class=\"sample\""), "latent page shows its samples:\n" + latentDom);
        assertTrue(latentDom.contains("caption of sample") && latentDom.contains("thumbs/"), latentDom);
        String conceptDom = browser(chromium, "--dump-dom", site.resolve("concept.html").toUri().toString());
        assertTrue(conceptDom.contains("id=\"concept-counts\""), conceptDom);
        String searchDom = browser(chromium, "--dump-dom", site.resolve("search.html").toUri() + "?q=caption");
        assertTrue(searchDom.contains("id=\"sample-results\"") && searchDom.contains("caption of sample"), searchDom);
        browser(chromium, "--screenshot=" + shots.resolve("index.png"), site.resolve("index.html").toUri().toString());
        browser(chromium, "--screenshot=" + shots.resolve("latent.png"), latentUrl);
        assertTrue(Files.size(shots.resolve("latent.png")) > 0);
    }

    /** Debian's chromium on the PATH; in CI its absence fails the test, elsewhere it skips it. */
    private static String chromium() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dirName, "chromium");
            if (Files.isExecutable(p)) return p.toString();
        }
        if (CI) throw new AssertionError("no chromium on the PATH: scripts/test.sh installs it (scripts/setup-chromium.sh)");
        assumeTrue(false, "no chromium; run scripts/setup-chromium.sh");
        return null;
    }

    /**
     * Headless Chromium on a file:// URL with the default file:// rules (no flag that lets pages read other files);
     * --no-sandbox because tests run as root on CI machines.
     */
    private static String browser(String chromium, String action, String url) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
                "--window-size=1400,1000", "--virtual-time-budget=10000", action, url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish with " + url);
        }
        if (p.exitValue() != 0) throw new AssertionError("chromium failed to start (exit " + p.exitValue() + ") on " + url);
        return stdout;
    }
}
