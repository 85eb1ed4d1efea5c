package org.sparcj.data.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.DataFileException;
import org.sparcj.data.StreamInfo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FeatureStoreTest {
    @TempDir
    Path tmp;

    private static float value(int stream, long row, int col) {
        return stream * 1000 + row + col / 64f;
    }

    private Path writeStore(String name, int n, int batch) {
        Path dir = tmp.resolve(name);
        List<StreamInfo> streams = List.of(new StreamInfo("a", 5), new StreamInfo("b", 3));
        try (FeatureStoreWriter w = FeatureStoreWriter.create(dir, streams)) {
            for (int start = 0; start < n; start += batch) {
                int count = Math.min(batch, n - start);
                List<String> ids = new ArrayList<>();
                float[][] data = new float[2][];
                for (int s = 0; s < 2; s++) {
                    int d = streams.get(s).dim();
                    data[s] = new float[count * d];
                    for (int i = 0; i < count; i++)
                        for (int c = 0; c < d; c++) data[s][i * d + c] = value(s, start + i, c);
                }
                for (int i = 0; i < count; i++) ids.add("img-" + (start + i));
                w.appendBatch(ids, data);
            }
        }
        return dir;
    }

    @Test
    void roundTripThroughWriterAndReader() throws IOException {
        Path dir = writeStore("rt", 150, 7);
        try (FeatureStore fs = FeatureStore.open(dir)) {
            assertEquals(150, fs.size());
            assertEquals(List.of(new StreamInfo("a", 5), new StreamInfo("b", 3)), fs.streams());
            long[] rows = {149, 0, 64, 63, 65, 128, 7};
            float[][] batch = fs.readBatch(rows);
            for (int s = 0; s < 2; s++) {
                int d = fs.dim(s);
                for (int i = 0; i < rows.length; i++)
                    for (int c = 0; c < d; c++) assertEquals(value(s, rows[i], c), batch[s][i * d + c]);
            }
            for (long r : new long[]{0, 63, 64, 127, 149, 5}) assertEquals("img-" + r, fs.sampleId(r));
            float[] range = new float[10 * 5];
            fs.readRange(0, 140, 10, range);
            assertEquals(value(0, 149, 4), range[49]);
            fs.validate();
            assertThrows(IndexOutOfBoundsException.class, () -> fs.readRows(0, new long[]{150}, new float[5]));
        }
        // The file is a standard .npy: v1.0, header padded to a multiple of 64, shape patched at close.
        byte[] bytes = Files.readAllBytes(dir.resolve("a.npy"));
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6]);
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64);
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (150, 5)"), header);
        assertTrue(header.contains("'descr': '<f4'"), header);
        assertEquals(10 + headerLen + 150 * 5 * 4, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLen, 150 * 5 * 4).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(value(0, 0, 1), data.getFloat(10 + headerLen + 4));
        assertEquals(150, Files.readAllLines(dir.resolve("sample_ids.txt")).size());
    }

    @Test
    void readsNpyWrittenByteByByteFromTheSpec() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("spec"));
        float[] x = {1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, 1e30f};
        NpyFixtures.writeNpy(dir.resolve("x.npy"), 3, 2, x);
        NpyFixtures.writeNpy(dir.resolve("y.npy"), 3, 1, new float[]{7, 8, 9});
        Files.writeString(dir.resolve("sample_ids.txt"), "p\nq\nr\n");
        NpyFixtures.writeManifest(dir, 3, List.of(new String[]{"x", "2", "x.npy"}, new String[]{"y", "1", "y.npy"}), true);
        try (FeatureStore fs = FeatureStore.open(dir)) {
            float[] dest = new float[6];
            fs.readRows(0, new long[]{0, 1, 2}, dest);
            assertArrayEquals(x, dest);
            float[] y = new float[2];
            fs.readRows(1, new long[]{2, 0}, y);
            assertArrayEquals(new float[]{9, 7}, y);
            assertEquals("q", fs.sampleId(1));
        }
    }

    @Test
    void memoryMapsFilesLargerThan2GB() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("big"));
        int d = 1024;
        long rowBytes = 4L * d;
        long n = (1L << 31) / rowBytes + 100; // data ends about 2.1 GB into the file
        Path npy = dir.resolve("big.npy");
        byte[] header = NpyFixtures.npyBytes("<f4", false, n, d, new float[0], ByteOrder.LITTLE_ENDIAN);
        long[] probe = {0, (1L << 30) / rowBytes - 1, (1L << 30) / rowBytes, (1L << 31) / rowBytes - 1,
                (1L << 31) / rowBytes, n - 1};
        try (RandomAccessFile f = new RandomAccessFile(npy.toFile(), "rw")) {
            f.setLength(header.length + n * rowBytes);
            f.write(header);
            for (long r : probe) {
                ByteBuffer b = ByteBuffer.allocate(d * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int c = 0; c < d; c++) b.putFloat(r + c * 0.5f);
                f.seek(header.length + r * rowBytes);
                f.write(b.array());
            }
        } catch (IOException e) {
            assumeTrue(false, "filesystem cannot hold a sparse 2 GB file: " + e.getMessage());
        }
        NpyFixtures.writeIds(dir, n);
        NpyFixtures.writeManifest(dir, n, List.<String[]>of(new String[]{"big", "" + d, "big.npy"}), true);
        try (FeatureStore fs = FeatureStore.open(dir)) {
            assertEquals(n, fs.size());
            float[] dest = new float[probe.length * d];
            fs.readRows(0, probe, dest);
            for (int i = 0; i < probe.length; i++)
                for (int c = 0; c < d; c += 97) assertEquals(probe[i] + c * 0.5f, dest[i * d + c], "row " + probe[i]);
            float[] zero = new float[d];
            fs.readRows(0, new long[]{n - 2}, zero);
            assertEquals(0f, zero[5]);
            assertEquals("s" + (n - 1), fs.sampleId(n - 1));
        } finally {
            Files.delete(npy);
        }
    }

    @Test
    void halfWrittenStoreIsNeverOpenedAsComplete() {
        List<StreamInfo> streams = List.of(new StreamInfo("a", 2));
        Path open = tmp.resolve("open");
        FeatureStoreWriter w = FeatureStoreWriter.create(open, streams);
        w.append("x", new float[]{1, 2});
        assertFalse(FeatureStore.isComplete(open));
        DataFileException e = assertThrows(DataFileException.class, () -> FeatureStore.open(open));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        w.close();
        assertTrue(FeatureStore.isComplete(open));

        Path aborted = tmp.resolve("aborted");
        FeatureStoreWriter a = FeatureStoreWriter.create(aborted, streams);
        a.append("x", new float[]{1, 2});
        a.abort();
        assertThrows(DataFileException.class, () -> FeatureStore.open(aborted));

        Path shortRun = tmp.resolve("short");
        FeatureStoreWriter s = FeatureStoreWriter.create(shortRun, streams, 3);
        s.append("x", new float[]{1, 2});
        assertThrows(DataFileException.class, s::close);
        assertFalse(FeatureStore.isComplete(shortRun));

        assertThrows(DataFileException.class, () -> FeatureStoreWriter.create(open, streams));
    }

    @Test
    void emptyStoreOpens() {
        Path dir = tmp.resolve("empty");
        FeatureStoreWriter.create(dir, List.of(new StreamInfo("a", 3))).close();
        try (FeatureStore fs = FeatureStore.open(dir)) {
            assertEquals(0, fs.size());
            fs.validate();
            assertThrows(IndexOutOfBoundsException.class, () -> fs.sampleId(0));
        }
    }

    @Test
    void writerRejectsMisshapenInput() {
        try (FeatureStoreWriter w = FeatureStoreWriter.create(tmp.resolve("w"), List.of(new StreamInfo("a", 2)))) {
            assertThrows(IllegalArgumentException.class, () -> w.append("x", new float[]{1, 2, 3}));
            assertThrows(IllegalArgumentException.class, () -> w.append("bad\nid", new float[]{1, 2}));
            assertThrows(IllegalArgumentException.class, () -> w.append("x", new float[]{1, 2}, new float[]{1}));
        }
    }

    // ---- bad input: every case names the file ----

    private Path fixture(String name, byte[] npyA, long manifestSamples) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.write(dir.resolve("a.npy"), npyA);
        NpyFixtures.writeNpy(dir.resolve("b.npy"), 3, 1, new float[]{1, 2, 3});
        NpyFixtures.writeIds(dir, 3);
        NpyFixtures.writeManifest(dir, manifestSamples,
                List.of(new String[]{"a", "2", "a.npy"}, new String[]{"b", "1", "b.npy"}), true);
        return dir;
    }

    private static float[] six() {
        return new float[]{1, 2, 3, 4, 5, 6};
    }

    private static void assertFails(Path dir, String file, String... words) {
        DataFileException e = assertThrows(DataFileException.class, () -> FeatureStore.open(dir).close());
        assertTrue(e.getMessage().contains(dir.resolve(file).toString()), e.getMessage());
        for (String w : words) assertTrue(e.getMessage().contains(w), e.getMessage());
    }

    @Test
    void wrongDtype() throws IOException {
        Path dir = fixture("f8", NpyFixtures.npyBytes("<f8", false, 3, 2, six(), ByteOrder.LITTLE_ENDIAN), 3);
        assertFails(dir, "a.npy", "<f8", "<f4");
    }

    @Test
    void wrongByteOrder() throws IOException {
        Path dir = fixture("be", NpyFixtures.npyBytes(">f4", false, 3, 2, six(), ByteOrder.BIG_ENDIAN), 3);
        assertFails(dir, "a.npy", "big-endian");
    }

    @Test
    void fortranOrder() throws IOException {
        Path dir = fixture("fo", NpyFixtures.npyBytes("<f4", true, 3, 2, six(), ByteOrder.LITTLE_ENDIAN), 3);
        assertFails(dir, "a.npy", "Fortran");
    }

    @Test
    void rowsDisagreeAcrossStreams() throws IOException {
        Path dir = fixture("rows", NpyFixtures.npyBytes("<f4", false, 4, 2, new float[8], ByteOrder.LITTLE_ENDIAN), 3);
        assertFails(dir, "a.npy", "4 rows", "3 samples");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] full = NpyFixtures.npyBytes("<f4", false, 3, 2, six(), ByteOrder.LITTLE_ENDIAN);
        Path dir = fixture("trunc", Arrays.copyOf(full, full.length - 5), 3);
        assertFails(dir, "a.npy", "truncated");
        Path dir2 = fixture("trunc2", Arrays.copyOf(full, 20), 3);
        assertFails(dir2, "a.npy", "truncated");
    }

    @Test
    void manifestPointsToMissingFile() throws IOException {
        Path dir = fixture("missing", NpyFixtures.npyBytes("<f4", false, 3, 2, six(), ByteOrder.LITTLE_ENDIAN), 3);
        Files.delete(dir.resolve("b.npy"));
        DataFileException e = assertThrows(DataFileException.class, () -> FeatureStore.open(dir));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("b.npy"), e.getMessage());
    }

    @Test
    void sampleIdCountDisagrees() throws IOException {
        Path dir = fixture("ids", NpyFixtures.npyBytes("<f4", false, 3, 2, six(), ByteOrder.LITTLE_ENDIAN), 3);
        Files.writeString(dir.resolve("sample_ids.txt"), "a\nb\n");
        assertFails(dir, "sample_ids.txt", "2 sample IDs");
    }

    @Test
    void nanRowIsReportedByValidate() throws IOException {
        float[] x = six();
        x[3] = Float.NaN; // row 1, column 1
        Path dir = fixture("nan", NpyFixtures.npyBytes("<f4", false, 3, 2, x, ByteOrder.LITTLE_ENDIAN), 3);
        try (FeatureStore fs = FeatureStore.open(dir)) {
            DataFileException e = assertThrows(DataFileException.class, fs::validate);
            assertTrue(e.getMessage().contains(dir.resolve("a.npy").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("'s1'"), e.getMessage());
        }
    }

    @Test
    void badManifest() throws IOException {
        Path dir = fixture("manifest", NpyFixtures.npyBytes("<f4", false, 3, 2, six(), ByteOrder.LITTLE_ENDIAN), 3);
        Files.writeString(dir.resolve("manifest.json"), "{\"format\": \"something-else\"}");
        assertFails(dir, "manifest.json", "format");
        Files.writeString(dir.resolve("manifest.json"), "{not json");
        assertFails(dir, "manifest.json", "JSON");
    }

    @Test
    void concurrentReadsAgree() throws Exception {
        Path dir = writeStore("conc", 300, 50);
        try (FeatureStore fs = FeatureStore.open(dir)) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                threads.add(new Thread(() -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    float[] dest = new float[5];
                    for (int i = 0; i < 2000; i++) {
                        long r = rng.nextInt(300);
                        fs.readRows(0, new long[]{r}, dest);
                        if (dest[2] != value(0, r, 2) || !fs.sampleId(r).equals("img-" + r))
                            errors.add(new AssertionError("row " + r));
                    }
                }));
            }
            for (Thread th : threads) th.start();
            for (Thread th : threads) th.join();
            assertTrue(errors.isEmpty(), errors.toString());
        }
    }
}
