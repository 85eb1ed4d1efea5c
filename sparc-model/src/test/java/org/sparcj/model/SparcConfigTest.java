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
        SparcConfig c = SparcConfig.builder(streams).build();
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
        assertMessage("k = 9000", () -> SparcConfig.builder(streams).k(9000).build());
        assertMessage("lambda = -1.0", () -> SparcConfig.builder(streams).lambda(-1).build());
        assertMessage("dim must be > 0", () -> new StreamInfo("x", 0));
        assertMessage("latent_size = 0", () -> SparcConfig.builder(streams).latentSize(0).build());
        assertMessage("learning_rate = NaN", () -> SparcConfig.builder(streams).learningRate(Double.NaN).build());
        assertMessage("streams", () -> SparcConfig.builder(List.of()).build());
        assertMessage("topk = diagonal (allowed: [LOCAL, GLOBAL])", () -> SparcConfig.parseEnum("topk", "diagonal", TopKMode.class));
        assertEquals(TopKMode.LOCAL, SparcConfig.parseEnum("topk", "local", TopKMode.class));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
