package org.sparcj.data.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.DataFileException;
import org.sparcj.data.LabelsIo;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.TaxonomyIo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LabelledDatasetTest {
    @TempDir
    Path tmp;

    private static Taxonomy animals() {
        return new Taxonomy(List.of("root", "animal", "dog", "cat", "thing"),
                List.of("Entity", "Animal", "Dog", "Cat", "Thing"), new int[]{-1, 0, 1, 1, 0});
    }

    private Path store(String name, String... ids) {
        Path dir = tmp.resolve(name);
        try (FeatureStoreWriter w = FeatureStoreWriter.create(dir, List.of(new StreamInfo("a", 1)))) {
            for (int i = 0; i < ids.length; i++) w.append(ids[i], new float[]{i});
        }
        return dir;
    }

    @Test
    void labelsRoundTripBesideTheFeatures() throws IOException {
        Path dir = store("l", "x", "y", "z");
        Taxonomy t = animals();
        SampleLabels labels = new SampleLabels(t, new int[][]{{2, 3}, {}, {4}});
        try (FeatureStore fs = FeatureStore.open(dir)) {
            LabelledDataset.writeLabels(dir, labels, fs);
        }
        try (LabelledDataset ld = LabelledDataset.open(dir)) {
            assertTrue(ld.hasLabels());
            Taxonomy back = ld.labels().taxonomy();
            assertEquals(5, back.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(t.id(i), back.id(i));
                assertEquals(t.name(i), back.name(i));
                assertEquals(t.parent(i), back.parent(i));
            }
            assertArrayEquals(new int[]{2, 3}, ld.labels().labels()[0]);
            assertArrayEquals(new int[0], ld.labels().labels()[1]);
            assertArrayEquals(new int[]{4}, ld.labels().labels()[2]);
        }
        assertEquals("x\tdog,cat", Files.readAllLines(dir.resolve("labels.tsv")).get(0));
        assertEquals("root\t\tEntity", Files.readAllLines(dir.resolve("taxonomy.tsv")).get(0));
    }

    @Test
    void alignPutsLoaderLabelsInStoreOrderAndCountsMissing() {
        Path dir = store("al", "b", "a", "c");
        try (FeatureStore fs = FeatureStore.open(dir)) {
            LabelsIo.Aligned al = LabelsIo.align(animals(), List.of("a", "b", "zzz"), new int[][]{{2}, {3}, {4}}, fs);
            assertArrayEquals(new int[]{3}, al.labels().labels()[0]);
            assertArrayEquals(new int[]{2}, al.labels().labels()[1]);
            assertArrayEquals(new int[0], al.labels().labels()[2]);
            assertEquals(1, al.samplesWithoutEntry());
        }
    }

    @Test
    void noTaxonomyMeansNoLabels() throws IOException {
        Path dir = store("n", "a");
        try (LabelledDataset ld = LabelledDataset.open(dir)) {
            assertNull(ld.labels());
            assertEquals(1, ld.features().size());
        }
        Files.writeString(dir.resolve("labels.tsv"), "a\tdog\n");
        DataFileException e = assertThrows(DataFileException.class, () -> LabelledDataset.open(dir));
        assertTrue(e.getMessage().contains("taxonomy.tsv"), e.getMessage());
        Files.delete(dir.resolve("labels.tsv"));
        TaxonomyIo.write(dir.resolve("taxonomy.tsv"), animals());
        e = assertThrows(DataFileException.class, () -> LabelledDataset.open(dir));
        assertTrue(e.getMessage().contains("labels.tsv"), e.getMessage());
    }

    @Test
    void labelsForAnotherSampleAreRejected() throws IOException {
        Path dir = store("m", "x", "y");
        TaxonomyIo.write(dir.resolve("taxonomy.tsv"), animals());
        Files.writeString(dir.resolve("labels.tsv"), "x\tdog\nq\tcat\n");
        DataFileException e = assertThrows(DataFileException.class, () -> LabelledDataset.open(dir));
        assertTrue(e.getMessage().contains("labels.tsv") && e.getMessage().contains("'q'"), e.getMessage());
        Files.writeString(dir.resolve("labels.tsv"), "x\tdog\ny\tunicorn\n");
        e = assertThrows(DataFileException.class, () -> LabelledDataset.open(dir));
        assertTrue(e.getMessage().contains("unicorn"), e.getMessage());
        Files.writeString(dir.resolve("labels.tsv"), "x\tdog\n");
        e = assertThrows(DataFileException.class, () -> LabelledDataset.open(dir));
        assertTrue(e.getMessage().contains("1 lines"), e.getMessage());
    }

    @Test
    void badTaxonomyFileNamesTheProblem() throws IOException {
        Path f = tmp.resolve("t.tsv");
        Files.writeString(f, "root\t\tR\na\tnope\tA\n");
        DataFileException e = assertThrows(DataFileException.class, () -> TaxonomyIo.read(f));
        assertTrue(e.getMessage().contains("t.tsv") && e.getMessage().contains("nope"), e.getMessage());
        Files.writeString(f, "root\t\tR\na\troot\n");
        assertThrows(DataFileException.class, () -> TaxonomyIo.read(f));
    }
}
