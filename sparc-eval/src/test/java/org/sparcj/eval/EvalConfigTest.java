package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalConfigTest {

    @Test
    void defaultsAreTheSpecs() {
        EvalConfig c = EvalConfig.defaults();
        assertEquals(1024, c.batchSize());
        assertEquals(0.3, c.purityThreshold());
        assertEquals(50, c.conceptTopN());
        assertEquals(0, c.jaccardTopN());
        assertEquals(50, c.probeMinPositives());
        assertEquals(20, c.probeCandidates());
        assertEquals(0.7, c.probeTrainFraction());
        assertEquals(0.15, c.probeValFraction());
        assertEquals(256, c.mlpHidden());
        assertEquals(15, c.mlpEpochs());
        assertEquals(64, c.mlpBatchSize());
        assertEquals(1e-3, c.mlpLearningRate());
        assertEquals(0.2, c.mlpTestFraction());
        assertEquals(0, c.retrievalMaxRows());
        assertTrue(c.jaccard() && c.concepts() && c.probes1d() && c.retrieval() && c.nmse());
        assertFalse(c.probesMlp());
        assertEquals(c, c.with("batch_size", 1024), "a bound copy with the same values is equal");
        assertTrue(c.enabled());
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalConfig.defaults().with("batch_size", 0))
                .getMessage().contains("batch_size = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EvalConfig.defaults().with("probe_train_fraction", 0.9, "probe_val_fraction", 0.1))
                .getMessage().contains("probe_val_fraction"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalConfig.defaults().with("jaccard_top_n", -1))
                .getMessage().contains("jaccard_top_n"));
    }

    @Test
    void codesDirMustBeADirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalConfig.defaults().with("codes_dir", file.toString()))
                .getMessage().contains("codes_dir"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EvalConfig.defaults().with("codes_dir", file.resolve("below").toString())).getMessage().contains("codes_dir"),
                "a directory to be made under a file cannot be");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalConfig.defaults().with("codes_dir", "a\0b"))
                .getMessage().contains("codes_dir"));
        Path locked = Files.createDirectory(dir.resolve("locked"));
        if (locked.toFile().setWritable(false) && !Files.isWritable(locked))   // (root writes anywhere: then skipped)
            assertTrue(assertThrows(IllegalArgumentException.class, () -> EvalConfig.defaults().with("codes_dir", locked.toString()))
                    .getMessage().contains("writable"));
        assertEquals(dir.resolve("new"), EvalConfig.defaults().with("codes_dir", dir.resolve("new").toString()).codesPath(),
                "a directory still to be made is accepted");
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), EvalConfig.defaults().codesPath());
    }
}
