package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparcj.data.StreamInfo;

class SparcConfigTest {
    private final List<StreamInfo> streams = TestData.streams(768, 1024, 768);

    @Test
    void defaultsAreTheOfficialCodes() {
        SparcConfig c = SparcConfig.defaults(streams);
        assertEquals(8192, c.latentSize());
        assertEquals(64, c.k());
        assertEquals(TopKMode.GLOBAL, c.topK());
        assertEquals(1.0, c.lambda());
        assertEquals(1.0 / 32, c.alpha());
        assertEquals(64, c.kAux());
        assertEquals(1000, c.deadSteps());
        assertEquals(1e-3, c.fireThreshold());
        assertEquals(100, c.resampleEvery());
        assertEquals(1e-4, c.learningRate());
        assertEquals(256, c.batchSize());
        assertEquals(50, c.epochs());
        assertEquals(BatchOrder.CONTIGUOUS, c.batchOrder());
        assertEquals(DecodeMode.SPARSE, c.decode());
    }

    @Test
    void invalidValuesNameTheKeyTheValueAndWhatIsAllowed() {
        assertMessage("k = 9000", () -> SparcConfig.defaults(streams).with("k", 9000));
        assertMessage("lambda = -1.0", () -> SparcConfig.defaults(streams).with("lambda", -1));
        assertMessage("dim must be > 0", () -> new StreamInfo("x", 0));
        assertMessage("latent_size = 0", () -> SparcConfig.defaults(streams).with("latent_size", 0));
        assertMessage("learning_rate = NaN", () -> SparcConfig.defaults(streams).with("learning_rate", Double.NaN));
        assertMessage("streams", () -> SparcConfig.defaults(List.of()));
        assertMessage("topk = diagonal", () -> SparcConfig.defaults(streams).with("topk", "diagonal"));
        assertMessage("allowed [LOCAL, GLOBAL]", () -> SparcConfig.defaults(streams).with("topk", "diagonal"));
        assertEquals(TopKMode.LOCAL, SparcConfig.defaults(streams).with("topk", "local").topK());
        // k_aux = 0 is the official 64, capped at L; an explicit value is kept
        assertEquals(16, SparcConfig.defaults(streams).with("latent_size", 16, "k", 4).kAux());
        assertEquals(5, SparcConfig.defaults(streams).with("k_aux", 5).kAux());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
