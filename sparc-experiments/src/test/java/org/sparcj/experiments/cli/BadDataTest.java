package org.sparcj.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.store.FeatureStoreWriter;
import org.sparcj.data.store.Npy;
import org.sparcj.data.store.StoreValidation;
import picocli.CommandLine;

/**
 * Bad stores stop `train` and `grid` before any work: exit 2, one line naming the file, the row and
 * the sample ID, and no run in the tracker. A good store is scanned once, again only when a file changes.
 */
class BadDataTest {
    private static final int ROWS = 120;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int sparc(String... args) {
        CommandLine cl = SparcCli.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path store(String name, Consumer<Path> damage) {
        Path s = dir.resolve(name);
        Random rnd = new Random(7);
        try (FeatureStoreWriter w = FeatureStoreWriter.create(s, List.of(new StreamInfo("a", 4), new StreamInfo("b", 3)))) {
            for (int i = 0; i < ROWS; i++) {
                float[] a = new float[4];
                float[] b = new float[3];
                for (int j = 0; j < 4; j++) a[j] = (float) rnd.nextGaussian();
                for (int j = 0; j < 3; j++) b[j] = (float) rnd.nextGaussian();
                w.append("img-" + i, a, b);
            }
        }
        damage.accept(s);
        return s;
    }

    private static void writeFloat(Path npy, long row, int cols, float v) {
        try (FileChannel ch = FileChannel.open(npy, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v);
            ch.write(b.flip(), Npy.readHeader(npy).dataOffset() + row * cols * 4L + 4);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int train(Path store, String... name) {
        String d = dir.toString().replace("\\", "/");
        return sparc("train", "--name", name.length == 2 ? name[1] : "bad", "data.source=store", "data.store.path=" + store, "data.cache_dir=" + d + "/cache",
                "run.output_dir=" + d + "/runs", "run.progress=false", "tracking.local_store=" + d + "/store",
                "model.latent_size=8", "model.k=2", "model.epochs=1", "model.batch_size=16");
    }

    private void assertStopsBeforeWork(Path store, String file, String... named) {
        assertEquals(SparcCli.USAGE, train(store), out + "\n" + err);
        String e = err.toString().trim();
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertTrue(e.contains(store.resolve(file).toString()), e);
        for (String n : named) assertTrue(e.contains(n), n + " in: " + e);
        assertFalse(Files.exists(dir.resolve("store")), "no tracker run created");
        assertFalse(Files.exists(dir.resolve("runs/bad/status")), "no run started");
    }

    @Test
    void nanNamesFileRowAndSample() {
        assertStopsBeforeWork(store("nan", s -> writeFloat(s.resolve("a.npy"), 37, 4, Float.NaN)), "a.npy",
                "row 37", "img-37", "NaN");
    }

    @Test
    void infinityNamesFileRowAndSample() {
        assertStopsBeforeWork(store("inf", s -> writeFloat(s.resolve("b.npy"), 5, 3, Float.POSITIVE_INFINITY)), "b.npy",
                "row 5", "img-5", "Infinity");
    }

    @Test
    void truncatedFileNamesTheFirstMissingRow() {
        assertStopsBeforeWork(store("cut", s -> {
            try (FileChannel ch = FileChannel.open(s.resolve("a.npy"), StandardOpenOption.WRITE)) {
                ch.truncate(Npy.readHeader(s.resolve("a.npy")).dataOffset() + 100 * 16L + 8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), "a.npy", "truncated", "row 100");
    }

    @Test
    void idsThatDoNotMatchTheRowsAreNamed() throws IOException {
        String ids = FeatureStoreWriter.SAMPLE_IDS_FILE;
        assertStopsBeforeWork(store("short", s -> rewriteIds(s, ROWS - 1)), ids, "119 sample IDs", "120 rows");
        err.getBuffer().setLength(0);
        assertStopsBeforeWork(store("dup", s -> rewriteIds(s, -1)), ids, "'img-3' appears twice", "rows 3 and 9");
    }

    // count >= 0: keep that many IDs; -1: make row 9's ID repeat row 3's.
    private static void rewriteIds(Path s, int count) {
        try {
            Path f = s.resolve(FeatureStoreWriter.SAMPLE_IDS_FILE);
            List<String> lines = Files.readAllLines(f);
            if (count >= 0) lines = lines.subList(0, count);
            else lines.set(9, lines.get(3));
            Files.write(f, lines);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * NaN that slips past the stamp (written in place with the file's time restored, which the stamp
     * trusts) makes training skip batches: each is printed and recorded with its step and rows, and a
     * run where every batch is skipped ends FAILED, never FINISHED.
     */
    @Test
    void skippedBatchesAreRecordedAndARunWithNoStepFails() throws IOException {
        Path nan = store("late-nan", s -> { });
        StoreValidation.validateOnce(nan, dir.resolve("cache/validated"));
        Path a = nan.resolve("a.npy");
        FileTime checked = Files.getLastModifiedTime(a);
        writeFloat(a, 37, 4, Float.NaN);
        Files.setLastModifiedTime(a, checked);
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(SparcCli.OK, train(nan), out + "\n" + err);
        } finally {
            System.setErr(stderr);
        }
        assertTrue(printed.toString(java.nio.charset.StandardCharsets.UTF_8).matches(
                "(?s).*skipped a batch with a NaN or infinite loss at step \\d+ \\(batch \\d+\\): rows [0-9,]*\\b37\\b.*"), printed.toString());
        String result = Files.readString(dir.resolve("runs/bad/result.json"));
        assertTrue(result.contains("\"skipped_batches\"") && result.contains("\"step\"") && result.contains(" 37"), result);
        var run = new org.sparcj.experiments.tracking.LocalStoreTracker(dir.resolve("store")).findRun("sparc-j", "bad").orElseThrow();
        assertTrue(run.tags().get("sparc.skipped_batches").matches("step \\d+ \\(batch \\d+\\): rows .*\\b37\\b.*"), run.tags().toString());

        for (long row = 0; row < ROWS; row++) writeFloat(a, row, 4, Float.NaN);
        Files.setLastModifiedTime(a, checked);
        assertEquals(SparcCli.RUN_FAILED, train(nan, "--name", "no-step"), out.toString());
        var failed = new org.sparcj.experiments.tracking.LocalStoreTracker(dir.resolve("store")).findRun("sparc-j", "no-step")
                .orElseThrow();
        assertEquals(org.sparcj.experiments.tracking.RunStatus.FAILED, failed.status());
        assertTrue(failed.tags().get("sparc.error").contains("0 optimiser steps"), failed.tags().toString());
    }

    @Test
    void aGoodStoreIsScannedOnceAndAgainWhenAFileChanges() throws IOException {
        Path good = store("good", s -> { });
        Path stamps = dir.resolve("cache/validated");
        assertTrue(StoreValidation.validateOnce(good, stamps), "first use: scanned");
        assertFalse(StoreValidation.validateOnce(good, stamps), "same files: the stamp says it was checked");
        Files.setLastModifiedTime(good.resolve("a.npy"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertTrue(StoreValidation.validateOnce(good, stamps), "a changed file: scanned again");
        writeFloat(good.resolve("a.npy"), 2, 4, Float.NaN);
        Files.setLastModifiedTime(good.resolve("a.npy"), FileTime.fromMillis(System.currentTimeMillis() + 9000));
        assertEquals(SparcCli.USAGE, train(good), err.toString());
        assertTrue(err.toString().contains("row 2 (sample 'img-2')"), err.toString());
    }
}
