package org.sparcj.data.wordnet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.store.LabelledDataset;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.extract.TextEmbedders;

import java.nio.file.Path;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.extract.TextSample;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WordNetBenchmarkTest {

    private static WordNetBenchmarkConfig fixtureConfig(int synsets, long seed, int minDepth) {
        return WordNetBenchmarkConfig.defaults().with("data_noun", WordNetNounsTest.fixture(),
                "synsets", synsets, "seed", seed, "min_depth", minDepth);
    }

    @Test
    void selectionIsSeededDeepEnoughAndLabelledWithTheSynsetsNode() {
        WordNetHierarchy h = WordNetHierarchy.read(WordNetNounsTest.fixture());
        WordNetBenchmark.Selection a = WordNetBenchmark.select(h, fixtureConfig(5, 7, 8));
        WordNetBenchmark.Selection again = WordNetBenchmark.select(h, fixtureConfig(5, 7, 8));
        assertEquals(a.synsets(), again.synsets());
        assertEquals(5, a.synsets().size());

        Taxonomy t = a.taxonomy();
        assertEquals("n" + WordNetHierarchy.ENTITY_OFFSET, t.id(0));
        for (int r = 0; r < 5; r++) {
            Synset s = a.synsets().get(r);
            assertTrue(h.depth(s.offset()) >= 8, s.displayName() + " too shallow");
            int[] labels = a.labels().labels()[r];
            assertEquals(1, labels.length);
            assertEquals(s.wnid(), t.id(labels[0]));
            assertEquals(h.depth(s.offset()), t.depth(labels[0]));
        }
        // The fixture has 8 synsets at depth >= 8: vertebrate..dog (6) and physicist, Einstein.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordNetBenchmark.select(h, fixtureConfig(9, 7, 8)));
        assertTrue(e.getMessage().contains("only 8"), e.getMessage());
        // All 8 drawn under two seeds: same set, different row order.
        List<Synset> s1 = WordNetBenchmark.select(h, fixtureConfig(8, 1, 8)).synsets();
        List<Synset> s2 = WordNetBenchmark.select(h, fixtureConfig(8, 2, 8)).synsets();
        assertEquals(new HashSet<>(s1), new HashSet<>(s2));
        assertNotEquals(s1, s2);
    }

    @Test
    void samplesCarryNamesAndDefinitions() {
        WordNetHierarchy h = WordNetHierarchy.read(WordNetNounsTest.fixture());
        WordNetBenchmark.Selection sel = WordNetBenchmark.select(h, fixtureConfig(8, 3, 8));
        TextSample dog = sel.samples().stream().filter(s -> s.id().equals("n02084071")).findFirst().orElseThrow();
        assertEquals("dog, domestic dog, Canis familiaris", dog.text(WordNetBenchmark.NAME_FIELD));
        assertTrue(dog.text(WordNetBenchmark.GLOSS_FIELD).startsWith("a member of the genus Canis"));
        assertTrue(!dog.text(WordNetBenchmark.GLOSS_FIELD).contains("barked"), "usage examples are dropped");
    }

    @Test
    void configRejectsUnknownOrRepeatedModels() {
        WordNetBenchmarkConfig d = WordNetBenchmarkConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WordNetBenchmarkConfig(
                d.dataNoun(), 10, 0, 4, true, "nope", "bge", "e5", 8));
        assertTrue(e.getMessage().contains("name_model = nope") && e.getMessage().contains("minilm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WordNetBenchmarkConfig(
                d.dataNoun(), 10, 0, 4, true, "minilm", "bge", "bge", 8));
        assertTrue(e.getMessage().contains("must differ"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.with("synsets", 0));
        assertThrows(IllegalArgumentException.class, () -> d.with("min_depth", -1));
    }

    @Test
    void defaultSelectionOnRealWordNet() {
        assumeTrue(Files.isRegularFile(WordNetNouns.DEBIAN_DATA_NOUN), "wordnet-base not installed");
        WordNetHierarchy h = WordNetHierarchy.read(WordNetNouns.DEBIAN_DATA_NOUN);
        WordNetBenchmarkConfig c = WordNetBenchmarkConfig.defaults();
        WordNetBenchmark.Selection sel = WordNetBenchmark.select(h, c);
        assertEquals(c.synsets(), sel.synsets().size());
        Set<String> names = new HashSet<>();
        for (Synset s : sel.synsets()) {
            assertTrue(h.depth(s.offset()) >= c.minDepth());
            assertTrue(names.add(s.lemmaText()), "duplicate name " + s.lemmaText());
        }
        // Every label's whole root path is in the taxonomy, with WordNet's depths.
        Taxonomy t = sel.taxonomy();
        for (int r = 0; r < sel.synsets().size(); r++) {
            int node = sel.labels().labels()[r][0];
            assertEquals(h.depth(sel.synsets().get(r).offset()), t.depth(node));
        }
        assertTrue(t.maxDepth() >= 13);
    }

    @Test
    void buildWritesALabelledFeatureStore(@TempDir Path tmp) {
        Path dir = tmp.resolve("wordnet");
        WordNetHierarchy h = WordNetHierarchy.read(WordNetNounsTest.fixture());
        List<Long> progress = new java.util.ArrayList<>();
        WordNetBenchmark.Selection sel = WordNetBenchmark.build(fixtureConfig(3, 5, 8), dir, (done, total) -> progress.add(done));
        assertEquals(3L, progress.get(progress.size() - 1));
        try (LabelledDataset ds = LabelledDataset.open(dir)) {
            assertEquals(List.of(new StreamInfo("name", 384), new StreamInfo("gloss_a", 384), new StreamInfo("gloss_b", 384)),
                    ds.features().streams());
            assertEquals(3, ds.features().size());
            assertEquals(sel.taxonomy().size(), ds.labels().taxonomy().size());
            float[] row = new float[384];
            String[] models = {"minilm", "bge", "e5"};
            for (int r = 0; r < 3; r++) {
                Synset s = sel.synsets().get(r);
                assertEquals(s.wnid(), ds.features().sampleId(r));
                int label = ds.labels().labels()[r][0];
                assertEquals(s.wnid(), ds.labels().taxonomy().id(label));
                assertEquals(h.depth(s.offset()), ds.labels().taxonomy().depth(label), "depth survives the round trip");
                String[] texts = {s.lemmaText(), s.definition(), s.definition()};
                for (int st = 0; st < 3; st++) {
                    ds.features().readRows(st, new long[]{r}, row);
                    assertArrayEquals(TextEmbedders.byName(models[st]).embed(List.of(texts[st]))[0], row,
                            "row " + r + " stream " + st);
                }
            }
        }
    }
}
