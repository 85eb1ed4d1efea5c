package org.sparcj.data.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.DataFileException;
import org.sparcj.data.ingest.ImportProgress;
import org.sparcj.data.ingest.ImportReport;
import org.sparcj.data.ingest.LabelledImport;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.LabelledDataset;

/** The MS-COCO import on fixtures in the real formats (images listed out of ID order, official HDF5 layout). */
class CocoImportTest {
    static final Path ROOT = Path.of("src/test/resources/datasets/coco").toAbsolutePath();

    @TempDir
    Path tmp;

    private static JsonNode json(String name) throws Exception {
        return new ObjectMapper().readTree(ROOT.resolve("annotations/" + name).toFile());
    }

    @Test
    void rowsAreImagesInAscendingIdWithCaptionsJoinedInAnnotationOrder() throws Exception {
        Path out = tmp.resolve("coco");
        ImportReport report = CocoImport.run(CocoImportConfig.defaults().with("root", ROOT.toString()), out,
                ImportProgress.NONE);
        List<String> expected = new ArrayList<>();
        Map<String, String> text = new HashMap<>();
        Map<String, Set<String>> truth = new HashMap<>();
        for (String split : List.of("train", "val")) {
            JsonNode caps = json("captions_" + split + "2017.json");
            List<Long> fileOrder = new ArrayList<>();
            caps.get("images").forEach(i -> fileOrder.add(i.get("id").asLong()));
            List<Long> sorted = new ArrayList<>(fileOrder);
            sorted.sort(null);
            assertNotEquals(sorted, fileOrder, "the fixture must list images out of ID order");
            sorted.forEach(i -> expected.add(Long.toString(i)));
            caps.get("annotations").forEach(a -> text.merge(a.get("image_id").asText(), a.get("caption").asText(),
                    (x, y) -> x + " " + y));
            json("instances_" + split + "2017.json").get("annotations").forEach(a -> truth.computeIfAbsent(
                    a.get("image_id").asText(), k -> new TreeSet<>()).add("coco:" + a.get("category_id").asInt()));
        }
        try (LabelledDataset ds = LabelledDataset.open(out)) {
            FeatureStore fs = (FeatureStore) ds.features();
            assertEquals(expected.size(), fs.size());
            long without = 0;
            for (int s = 0; s < fs.streams().size(); s++) {
                float[] row = new float[fs.dim(s)];
                for (int r = 0; r < fs.size(); r++) {
                    assertEquals(expected.get(r), fs.sampleId(r));
                    fs.readRows(s, new long[]{r}, row);
                    assertEquals(Long.parseLong(expected.get(r)) / 1048576f, row[row.length - 1], "row " + r);
                }
            }
            for (int r = 0; r < fs.size(); r++) {
                Set<String> got = new TreeSet<>();
                for (int l : ds.labels().labels()[r]) got.add(ds.labels().taxonomy().id(l));
                assertEquals(truth.getOrDefault(expected.get(r), Set.of()), got, "row " + r);
                if (got.isEmpty()) without++;
            }
            assertEquals(2, without, "one image per split has no instance");
            assertEquals(without, report.rowsWithoutLabels());
            assertEquals("coco-super:person", ds.labels().taxonomy().id(ds.labels().taxonomy().parent(
                    ds.labels().taxonomy().byId("coco:1").getAsInt())));
        }
        List<String> captions = Files.readAllLines(out.resolve(LabelledImport.CAPTIONS));
        assertEquals(expected.get(0) + "\t" + text.get(expected.get(0)), captions.get(0));
        Set<String> val = new TreeSet<>();
        json("captions_val2017.json").get("images").forEach(i -> val.add(i.get("id").asText()));
        assertEquals(val, new TreeSet<>(LabelledImport.readTestImages(out)));
        assertEquals(val.size(), report.testRows());
    }

    @Test
    void featuresOfAnotherSplitFailNamingBothFiles() {
        CocoImportConfig c = CocoImportConfig.defaults().with("root", ROOT.toString(), "splits", List.of("val"),
                "features", "features/coco/train");
        DataFileException e = assertThrows(DataFileException.class,
                () -> CocoImport.run(c, tmp.resolve("x"), ImportProgress.NONE));
        assertTrue(e.getMessage().contains("features/coco/train/") && e.getMessage().contains("captions_val2017.json"),
                e.getMessage());
        assertFalse(FeatureStore.isComplete(tmp.resolve("x")));
    }

    @Test
    void aTruncatedCaptionsFileFailsInOneLine() throws Exception {
        Path caps = tmp.resolve("captions_val2017.json");
        byte[] b = Files.readAllBytes(ROOT.resolve("annotations/captions_val2017.json"));
        Files.write(caps, java.util.Arrays.copyOf(b, b.length / 2));
        CocoImportConfig c = CocoImportConfig.defaults().with("root", ROOT.toString(), "captions", caps.toString());
        DataFileException e = assertThrows(DataFileException.class,
                () -> CocoImport.run(c, tmp.resolve("t"), ImportProgress.NONE));
        assertTrue(e.getMessage().startsWith(caps.toString()) && !e.getMessage().contains("\n"), e.getMessage());
    }
}
