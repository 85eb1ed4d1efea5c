package org.sparcj.data.extract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.store.FeatureStore;

import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureExtractorTest {

    private static final List<TextSample> SAMPLES = List.of(
            new TextSample("s0", Map.of("name", "dog", "gloss", "a domesticated carnivorous mammal")),
            new TextSample("s1", Map.of("name", "oak", "gloss", "a tree that bears acorns")),
            new TextSample("s2", Map.of("name", "violin", "gloss", "a bowed stringed instrument")));

    @Test
    void rowsAreEachSamplesTextEmbeddedByItsStreamsModelInSampleOrder() {
        TextEmbedder minilm = TextEmbedders.byName("minilm");
        TextEmbedder bge = TextEmbedders.byName("bge");
        FeatureExtractor x = new FeatureExtractor(List.of(
                new StreamSpec("name_minilm", "name", minilm), new StreamSpec("gloss_bge", "gloss", bge)), 2);
        assertEquals(List.of("name_minilm", "gloss_bge"), x.streamInfos().stream().map(s -> s.name()).toList());

        List<String> ids = new ArrayList<>();
        List<float[]> nameRows = new ArrayList<>();
        List<float[]> glossRows = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        x.extract(SAMPLES, (batchIds, perStream) -> {
            assertEquals(2, perStream.length);
            for (int i = 0; i < batchIds.size(); i++) {
                nameRows.add(Arrays.copyOfRange(perStream[0], i * 384, (i + 1) * 384));
                glossRows.add(Arrays.copyOfRange(perStream[1], i * 384, (i + 1) * 384));
            }
            ids.addAll(batchIds);
        }, (done, total) -> {
            assertEquals(3, total);
            progress.add(done);
        });

        assertEquals(List.of("s0", "s1", "s2"), ids);
        assertEquals(List.of(0L, 2L, 3L), progress);
        // Batching does not change a text's vector: compare with each text embedded alone.
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(minilm.embed(List.of(SAMPLES.get(r).text("name")))[0], nameRows.get(r), "name row " + r);
            assertArrayEquals(bge.embed(List.of(SAMPLES.get(r).text("gloss")))[0], glossRows.get(r), "gloss row " + r);
        }
    }

    @Test
    void badInputFailsBeforeAnyModelRuns() {
        TextEmbedder minilm = TextEmbedders.byName("minilm");
        FeatureExtractor x = new FeatureExtractor(List.of(new StreamSpec("title", "title", minilm)), 8);
        List<String> written = new ArrayList<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.extract(SAMPLES, (ids, rows) -> written.addAll(ids), ExtractionProgress.NONE));
        assertTrue(e.getMessage().contains("'s0'") && e.getMessage().contains("'title'"), e.getMessage());
        assertTrue(written.isEmpty());

        FeatureExtractor y = new FeatureExtractor(List.of(new StreamSpec("name", "name", minilm)), 8);
        List<TextSample> dup = List.of(SAMPLES.get(0), SAMPLES.get(0));
        e = assertThrows(IllegalArgumentException.class, () -> y.extract(dup, (ids, rows) -> { }, ExtractionProgress.NONE));
        assertTrue(e.getMessage().contains("duplicate sample id 's0'"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new FeatureExtractor(List.of(
                new StreamSpec("a", "name", minilm), new StreamSpec("a", "gloss", minilm)), 8));
        assertTrue(e.getMessage().contains("duplicate stream name 'a'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FeatureExtractor(List.of(new StreamSpec("a", "name", minilm)), 0));
    }

    @Test
    void extractToWritesAFeatureStoreThatReadsBackTheSameRows(@TempDir Path tmp) {
        TextEmbedder minilm = TextEmbedders.byName("minilm");
        TextEmbedder e5 = TextEmbedders.byName("e5");
        Path dir = tmp.resolve("store");
        new FeatureExtractor(List.of(new StreamSpec("gloss_minilm", "gloss", minilm),
                new StreamSpec("gloss_e5", "gloss", e5)), 2).extractTo(dir, SAMPLES, ExtractionProgress.NONE);
        try (FeatureStore store = FeatureStore.open(dir)) {
            assertEquals(List.of(new StreamInfo("gloss_minilm", 384), new StreamInfo("gloss_e5", 384)), store.streams());
            assertEquals(3, store.size());
            float[] row = new float[384];
            for (int r = 0; r < 3; r++) {
                assertEquals("s" + r, store.sampleId(r));
                String gloss = SAMPLES.get(r).text("gloss");
                store.readRows(0, new long[]{r}, row);
                assertArrayEquals(minilm.embed(List.of(gloss))[0], row);
                store.readRows(1, new long[]{r}, row);
                assertArrayEquals(e5.embed(List.of(gloss))[0], row);
            }
        }
    }

    @Test
    void failedExtractionLeavesAnIncompleteStore(@TempDir Path tmp) {
        TextEmbedder minilm = TextEmbedders.byName("minilm");
        List<TextSample> withBlank = List.of(SAMPLES.get(0), new TextSample("s9", Map.of("gloss", " ")));
        Path dir = tmp.resolve("store");
        assertThrows(IllegalArgumentException.class, () -> new FeatureExtractor(
                List.of(new StreamSpec("g", "gloss", minilm)), 1).extractTo(dir, withBlank, ExtractionProgress.NONE));
        assertFalse(FeatureStore.isComplete(dir));
        assertThrows(RuntimeException.class, () -> FeatureStore.open(dir));
    }
}
