package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.InMemoryDataset;

class CheckpointTest {
    @TempDir
    Path dir;

    private final InMemoryDataset data = TestData.planted(21, 160, 10, 2, 0.05, 8, 7, 5);
    private final SparcConfig cfg = SparcConfig.defaults(data.streams()).with("latent_size", 24, "k", 3, "batch_size", 16, "epochs", 3, "dead_steps", 5, "resample_every", 7, "seed", 12);

    @Test
    void resumeGivesExactlyTheWeightsOfAStraightRun() {
        long[] rows = TestData.range(160);
        float[][] straight;
        try (SparcModel m = SparcModel.create(cfg)) {
            m.train(data, rows, TrainingListener.NONE);
            straight = m.readAll();
        }
        Path file = dir.resolve("ckpt.bin");
        try (SparcModel m = SparcModel.create(cfg)) {
            m.train(data, rows, TrainingListener.NONE, 13);   // stop mid-epoch
            assertEquals(13, m.step());
            m.saveCheckpoint(file);
        }
        try (SparcModel m = SparcModel.loadCheckpoint(file, cfg)) {
            assertEquals(13, m.step());
            TrainingResult r = m.train(data, rows, TrainingListener.NONE);
            assertTrue(r.completed());
            float[][] resumed = m.readAll();
            for (int i = 0; i < straight.length; i++)
                assertArrayEquals(straight[i], resumed[i], m.variableNames().get(i));
        }
    }

    @Test
    void roundTripKeepsWeightsCountersAndConfig() throws IOException {
        Path file = dir.resolve("a.ckpt");
        try (SparcModel m = SparcModel.create(cfg)) {
            m.train(data, TestData.range(160), TrainingListener.NONE, 4);
            m.saveCheckpoint(file);
            try (SparcModel back = SparcModel.loadCheckpoint(file)) {
                assertEquals(cfg, back.config());
                assertEquals(m.step(), back.step());
                float[][] a = m.readAll(), b = back.readAll();
                for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i]);
                for (int s = 0; s < 3; s++) assertArrayEquals(m.counters()[s], back.counters()[s]);
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    /** A corrupt array length reads as a corrupt checkpoint before anything is allocated for it (no OutOfMemoryError). */
    @Test
    void aCorruptArrayLengthIsReportedAsCorrupt() throws IOException {
        Path file = dir.resolve("len.ckpt");
        String first;
        try (SparcModel m = SparcModel.create(cfg)) {
            m.saveCheckpoint(file);
            first = m.variableNames().get(0);
        }
        byte[] bytes = Files.readAllBytes(file);
        byte[] name = first.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = -1;
        for (int i = 0; i + name.length <= bytes.length && at < 0; i++)
            if (java.util.Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) at = i + name.length;
        assertTrue(at > 0, "variable name in the file");
        java.nio.ByteBuffer.wrap(bytes).putInt(at, 1 << 30);   // the length that follows the name: 4 GB of floats
        Files.write(file, bytes);
        CheckpointException bad = assertThrows(CheckpointException.class, () -> SparcModel.loadCheckpoint(file));
        assertTrue(bad.getMessage().contains("array length 1073741824"), bad.getMessage());
    }

    @Test
    void aNewModelStartsWithZeroMomentsAndCreatedForInferenceHasNone() {
        float[][] xs = data.readBatch(TestData.range(40));
        try (SparcModel m = SparcModel.create(cfg); SparcModel inf = SparcModel.createForInference(cfg)) {
            float[][] all = m.readAll();
            int params = m.parameters().size() * 4;
            for (int i = params; i < all.length; i++) {
                assertEquals(m.variableSize(i), all[i].length, m.variableNames().get(i));
                for (float v : all[i]) assertEquals(0f, v, m.variableNames().get(i));
            }
            for (int i = 0; i < params; i++) assertArrayEquals(all[i], inf.read(i), m.variableNames().get(i));
            SparseCodes[] a = m.encodeJoint(xs, 40), b = inf.encodeJoint(xs, 40);
            for (int s = 0; s < 3; s++) assertArrayEquals(a[s].values(), b[s].values());
            IllegalStateException train = assertThrows(IllegalStateException.class,
                    () -> inf.train(data, TestData.range(40), TrainingListener.NONE));
            assertTrue(train.getMessage().contains("created for inference"), train.getMessage());
            assertThrows(IllegalStateException.class, () -> inf.saveCheckpoint(dir.resolve("never.ckpt")));
            assertTrue(!Files.exists(dir.resolve("never.ckpt")));
        }
    }

    @Test
    void loadedForInferenceTheModelEncodesAndDecodesAlikeButCannotTrainOrBeSaved() {
        Path file = dir.resolve("i.ckpt");
        float[][] xs = data.readBatch(TestData.range(160));
        try (SparcModel m = SparcModel.create(cfg)) {
            m.train(data, TestData.range(160), TrainingListener.NONE, 6);
            m.saveCheckpoint(file);
            try (SparcModel inf = SparcModel.loadForInference(file, cfg)) {
                assertEquals(m.step(), inf.step());
                SparseCodes[] a = m.encodeJoint(xs, 160), b = inf.encodeJoint(xs, 160);
                for (int s = 0; s < 3; s++) {
                    assertArrayEquals(a[s].indices(), b[s].indices());
                    assertArrayEquals(a[s].values(), b[s].values());
                    assertArrayEquals(m.decode(s, a[s]), inf.decode(s, b[s]));
                }
                for (int i = 0; i < m.parameters().size(); i++)
                    assertArrayEquals(m.parameters().get(i).encoder(), inf.parameters().get(i).encoder());
                IllegalStateException train = assertThrows(IllegalStateException.class,
                        () -> inf.train(data, TestData.range(160), TrainingListener.NONE));
                assertTrue(train.getMessage().contains("loaded for inference"), train.getMessage());
                assertThrows(IllegalStateException.class, () -> inf.saveCheckpoint(dir.resolve("j.ckpt")));
                assertTrue(!Files.exists(dir.resolve("j.ckpt")));
            }
            // released after training: the moments become empty, the codes stay the same
            SparseCodes[] before = m.encodeJoint(xs, 160);
            m.releaseOptimiserState();
            try (org.tensorflow.Result r = m.graph().session.runner().fetch(m.graph().adam.m.get(0)).fetch(m.graph().adam.v.get(2)).run()) {
                assertEquals(0, r.get(0).shape().size());
                assertEquals(0, r.get(1).shape().size());
            }
            SparseCodes[] after = m.encodeJoint(xs, 160);
            assertArrayEquals(before[1].indices(), after[1].indices());
            assertArrayEquals(before[1].values(), after[1].values());
            assertThrows(IllegalStateException.class, () -> m.train(data, TestData.range(160), TrainingListener.NONE));
        }
        // the moments are still read and checked: a corrupt one is refused
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long at = raf.length() - 12;   // in the last Adam moment, just before the checksum
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x55);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CheckpointException bad = assertThrows(CheckpointException.class, () -> SparcModel.loadForInference(file, null));
        assertTrue(bad.getMessage().contains("checksum"), bad.getMessage());
    }

    @Test
    void badCheckpointsFailClearly() throws IOException {
        Path file = dir.resolve("b.ckpt");
        try (SparcModel m = SparcModel.create(cfg)) {
            m.saveCheckpoint(file);
        }
        CheckpointException other = assertThrows(CheckpointException.class,
                () -> SparcModel.loadCheckpoint(file, cfg.with("k", 4, "lambda", 0.5)));
        assertTrue(other.getMessage().contains("k: checkpoint 3, requested 4") && other.getMessage().contains("lambda"),
                other.getMessage());
        // epochs may change on resume
        SparcModel.loadCheckpoint(file, cfg.with("epochs", 10)).close();

        Path truncated = dir.resolve("t.ckpt");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CheckpointException t = assertThrows(CheckpointException.class, () -> SparcModel.loadCheckpoint(truncated));
        assertTrue(t.getMessage().contains("truncated") && t.getMessage().contains("t.ckpt"), t.getMessage());

        Path flipped = dir.resolve("f.ckpt");
        Files.write(flipped, bytes);
        try (RandomAccessFile raf = new RandomAccessFile(flipped.toFile(), "rw")) {
            raf.seek(bytes.length - 100);
            raf.write(bytes[bytes.length - 100] ^ 0x5a);
        }
        CheckpointException f = assertThrows(CheckpointException.class, () -> SparcModel.loadCheckpoint(flipped));
        assertTrue(f.getMessage().contains("checksum"), f.getMessage());

        Path garbage = dir.resolve("g.ckpt");
        Files.writeString(garbage, "not a checkpoint");
        assertTrue(assertThrows(CheckpointException.class, () -> SparcModel.loadCheckpoint(garbage))
                .getMessage().contains("not a SPARC-J checkpoint"));
        assertTrue(assertThrows(CheckpointException.class, () -> SparcModel.loadCheckpoint(dir.resolve("missing")))
                .getMessage().contains("does not exist"));
    }

    /** A checkpoint written by the version-1 format (settings as key=value text) still loads, and saves as JSON. */
    @Test
    void versionOneCheckpointsStillLoad() throws IOException {
        Path v1 = dir.resolve("v1.ckpt");
        try (var in = CheckpointTest.class.getResourceAsStream("/v1-checkpoint.ckpt")) {
            Files.copy(in, v1);
        }
        SparcConfig expected = SparcConfig.defaults(java.util.List.of(new org.sparcj.data.StreamInfo("dino", 6),
                new org.sparcj.data.StreamInfo("clip_txt", 4))).with("latent_size", 8, "k", 2, "batch_size", 4,
                "epochs", 1, "seed", 7);
        float[][] weights;
        try (SparcModel m = SparcModel.loadCheckpoint(v1, expected)) {
            assertEquals(4, m.step());
            assertEquals(8, m.config().kAux());
            weights = m.readAll();
            m.saveCheckpoint(dir.resolve("v2.ckpt"));
        }
        try (SparcModel m = SparcModel.loadCheckpoint(dir.resolve("v2.ckpt"))) {
            assertEquals(expected, m.config());
            float[][] again = m.readAll();
            for (int i = 0; i < weights.length; i++) assertArrayEquals(weights[i], again[i]);
        }
        assertTrue(Files.readString(dir.resolve("v2.ckpt"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("\"latent_size\" : 8"), "v2 stores the settings as JSON");
    }

    /**
     * A model whose variables together are over twice the heap (weights and Adam moments 144 MB, heap 64 MB) is
     * created, saved and loaded both ways in a JVM of its own: the heap holds one variable at a time.
     */
    @Test
    void aModelLargerThanTheHeapIsCreatedSavedAndLoaded() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        // JavaCPP would cap TensorFlow's native memory at the heap size: the bound under test is the heap alone.
        Process p = new ProcessBuilder(javaBin.toString(), "-Xmx64m", "-Dorg.bytedeco.javacpp.maxBytes=0",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-cp", System.getProperty("java.class.path"),
                HeapBound.class.getName(), dir.resolve("big.ckpt").toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "timed out");
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("variables 144 MB, heap 64 MB"), log);
        assertTrue(Files.size(dir.resolve("big.ckpt")) > 2L * (64 << 20));
    }

    /** The child JVM of {@link #aModelLargerThanTheHeapIsCreatedSavedAndLoaded}. */
    static final class HeapBound {
        public static void main(String[] args) {
            var streams = java.util.List.of(new org.sparcj.data.StreamInfo("a", 256), new org.sparcj.data.StreamInfo("b", 256),
                    new org.sparcj.data.StreamInfo("c", 256));
            SparcConfig big = SparcConfig.defaults(streams).with("latent_size", 8192, "k", 8, "batch_size", 8, "seed", 5);
            Path file = Path.of(args[0]);
            float[] firstEncoderRows;
            long bytes = 0;
            try (SparcModel m = SparcModel.create(big)) {
                for (int i = 0; i < m.variableCount(); i++) bytes += 4 * m.variableSize(i);
                m.saveCheckpoint(file);
                firstEncoderRows = java.util.Arrays.copyOf(m.read(0), 1000);
            }
            try (SparcModel m = SparcModel.loadCheckpoint(file)) {
                check(java.util.Arrays.equals(firstEncoderRows, java.util.Arrays.copyOf(m.read(0), 1000)), "resumed weights");
            }
            try (SparcModel m = SparcModel.loadForInference(file, null)) {
                check(java.util.Arrays.equals(firstEncoderRows, java.util.Arrays.copyOf(m.read(0), 1000)), "inference weights");
            }
            System.out.printf("variables %d MB, heap %d MB%n", Math.round(bytes / 1048576.0),
                    Math.round(Runtime.getRuntime().maxMemory() / 1048576.0));
        }

        private static void check(boolean ok, String what) {
            if (!ok) throw new AssertionError(what + " differ");
        }
    }
}
