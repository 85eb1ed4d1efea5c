package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.StreamInfo;

/**
 * Models for inference hold their larger parameters in read-only mappings of deleted temporary files
 * (MappedWeights): the kernel's list of the process's mappings shows them, the results are those of the
 * same weights in memory, and they cannot be written.
 */
class MappedWeightsTest {
    private static final Path MAPS = Path.of("/proc/self/maps");

    @TempDir
    Path dir;
    private Path tmp;
    private String savedTmp;

    // Encoders and decoders of 2 MB and 1.5 MB (mapped), latent biases of 8 KB and pre-biases of 1 KB and 0.75 KB
    // (copied); 300 rows: more than one encoding call.
    private static final int ROWS = 300;
    private final org.sparcj.data.InMemoryDataset data = TestData.planted(9, ROWS, 10, 2, 0.05, 256, 192, 256);
    private final List<StreamInfo> streams = data.streams();
    private final float[][] xs = data.readBatch(TestData.range(ROWS));
    private final SparcConfig cfg = SparcConfig.defaults(streams).with("latent_size", 2048, "k", 8, "batch_size", 16, "seed", 3);

    @BeforeEach
    void ownTempDir() throws IOException {
        tmp = Files.createDirectory(dir.resolve("tmp"));
        savedTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restoreTempDir() {
        System.setProperty("java.io.tmpdir", savedTmp);
    }

    @Test
    void loadedForInferenceTheWeightsAreReadOnlyMappingsOfDeletedFiles() throws IOException {
        assumeTrue(Files.isReadable(MAPS), "needs Linux's /proc/self/maps");
        try (SparcModel trained = SparcModel.create(cfg)) {
            Path file = saved(trained);
            try (SparcModel inf = SparcModel.loadForInference(file, cfg)) {
                for (int s = 0; s < streams.size(); s++) {
                    assertTrue(inf.isMapped(4 * s) && inf.isMapped(4 * s + 2), "encoder and decoder of stream " + s);
                    assertFalse(inf.isMapped(4 * s + 1) || inf.isMapped(4 * s + 3), "biases of stream " + s);
                }
                assertEquals(2 * streams.size(), weightMappings(), "one mapping per encoder and decoder");
                try (Stream<Path> left = Files.list(tmp)) {
                    assertEquals(0, left.count(), "the files are deleted once mapped");
                }
                assertSameResults(trained, inf, xs);
                IllegalStateException write = assertThrows(IllegalStateException.class, () -> inf.assign(0, new float[2048 * 256]));
                assertTrue(write.getMessage().contains("read-only"), write.getMessage());
                IllegalStateException again = assertThrows(IllegalStateException.class,
                        () -> inf.mapParameter(0, inf.weightMapping(), java.io.InputStream.nullInputStream()));
                assertTrue(again.getMessage().contains("already a read-only mapping"), again.getMessage());
            }
            assertEquals(0, weightMappings(), "closing the model unmaps them");
        }
    }

    @Test
    void aCheckpointCutOrCorruptInsideAMappedParameterIsRefusedAndLeavesNothing() throws IOException {
        assumeTrue(Files.isReadable(MAPS), "needs Linux's /proc/self/maps");
        byte[] whole;
        try (SparcModel trained = SparcModel.create(cfg)) {
            whole = Files.readAllBytes(saved(trained));
        }
        int inFirstEncoder = 1 << 20;   // after the header and counters (tens of KB), inside enc_0's 2 MB
        Path cut = Files.write(dir.resolve("cut.ckpt"), java.util.Arrays.copyOf(whole, inFirstEncoder));
        byte[] flipped = whole.clone();
        flipped[inFirstEncoder] ^= 0x55;
        Path corrupt = Files.write(dir.resolve("corrupt.ckpt"), flipped);
        CheckpointException a = assertThrows(CheckpointException.class, () -> SparcModel.loadForInference(cut, cfg));
        assertTrue(a.getMessage().contains("truncated"), a.getMessage());
        CheckpointException b = assertThrows(CheckpointException.class, () -> SparcModel.loadForInference(corrupt, cfg));
        assertTrue(b.getMessage().contains("checksum"), b.getMessage());
        assertEquals(0, weightMappings(), "the half-loaded models were closed");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count(), "no weight file left behind");
        }
    }

    @Test
    void createdForInferenceTheWeightsAreMappedAndEqualANewModels() {
        assumeTrue(Files.isReadable(MAPS), "needs Linux's /proc/self/maps");
        try (SparcModel trained = SparcModel.create(cfg); SparcModel inf = SparcModel.createForInference(cfg)) {
            assertEquals(2 * streams.size(), weightMappings());
            for (int i = 0; i < inf.parameterCount(); i++) assertArrayEquals(trained.read(i), inf.read(i), "parameter " + i);
            assertSameResults(trained, inf, xs);
        }
    }

    @Test
    void withoutAUsableTempDirTheWeightsStayInMemoryWithTheSameResults() throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        System.setProperty("java.io.tmpdir", notADir.resolve("tmp").toString());
        String err = stderrOf(() -> {
            try (SparcModel trained = SparcModel.create(cfg)) {
                try (SparcModel inf = SparcModel.loadForInference(saved(trained), cfg)) {
                    for (int i = 0; i < inf.parameterCount(); i++) assertFalse(inf.isMapped(i));
                    assertSameResults(trained, inf, xs);
                }
            }
            return null;
        });
        assertTrue(err.contains("weights kept in memory, not memory-mapped") && err.contains("plain-file"), err);
    }

    private Path saved(SparcModel trained) {
        Path file = dir.resolve("m.ckpt");
        trained.saveCheckpoint(file);
        return file;
    }

    private void assertSameResults(SparcModel a, SparcModel b, float[][] xs) {
        SparseCodes[] ca = a.encodeJoint(xs, ROWS), cb = b.encodeJoint(xs, ROWS);
        for (int s = 0; s < streams.size(); s++) {
            assertArrayEquals(ca[s].indices(), cb[s].indices());
            assertArrayEquals(ca[s].values(), cb[s].values());
            assertArrayEquals(a.decode(s, ca[s]), b.decode(s, cb[s]));
        }
    }

    /** Mappings of this test's weight files, all of them deleted files. */
    private long weightMappings() {
        try {
            List<String> lines = Files.readAllLines(MAPS).stream().filter(l -> l.contains(tmp + "/sparc-weights-")).toList();
            for (String l : lines) assertTrue(l.endsWith("(deleted)") && l.contains(" r--"), l);
            return lines.size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String stderrOf(Supplier<Void> body) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            body.get();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
