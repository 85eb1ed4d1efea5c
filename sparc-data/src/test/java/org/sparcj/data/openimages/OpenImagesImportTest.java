package org.sparcj.data.openimages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Iterator;
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
import org.sparcj.data.ingest.LabelledImportTestSupport;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.LabelledDataset;

/**
 * The Open Images import on fixtures in the real formats (src/test/resources/datasets/make_fixtures.py):
 * narratives JSON keys not in ID order, label CSV in yet another order, official HDF5 layout.
 */
class OpenImagesImportTest {
    static final Path ROOT = Path.of("src/test/resources/datasets/openimages").toAbsolutePath();

    @TempDir
    Path tmp;

    static OpenImagesImportConfig config() {
        return OpenImagesImportConfig.defaults().with("root", ROOT.toString());
    }

    /** The last column of every stream encodes the sample: int(ImageID[:4], 16) / 2^16 + k / 2^19. */
    static float code(String sampleId) {
        String[] p = sampleId.split("#");
        return Integer.parseInt(p[0].substring(0, 4), 16) / 65536f + Integer.parseInt(p[1]) / 524288f;
    }

    static void assertRowsMatchTheirIds(FeatureStore fs) {
        for (int s = 0; s < fs.streams().size(); s++) {
            int d = fs.dim(s);
            float[] row = new float[d];
            for (long r = 0; r < fs.size(); r++) {
                fs.readRows(s, new long[]{r}, row);
                assertEquals(code(fs.sampleId(r)), row[d - 1], "stream " + s + " row " + r + " " + fs.sampleId(r));
            }
        }
    }

    /** Sample IDs in the official order: the JSON's key order, then list order. */
    private static List<String> officialOrder(String split) throws Exception {
        JsonNode n = new ObjectMapper().readTree(ROOT.resolve("captions/" + split + "/simplified_open_images_" + split
                + "_localized_narratives.json").toFile());
        List<String> ids = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String img = it.next();
            for (int k = 0; k < n.get(img).size(); k++) ids.add(img + "#" + k);
        }
        return ids;
    }

    @Test
    void rowsFollowTheNarrativesKeyOrderAndLabelsFollowTheirImage() throws Exception {
        Path out = tmp.resolve("oi");
        ImportReport report = OpenImagesImport.run(config(), out, ImportProgress.NONE);
        List<String> expected = new ArrayList<>(officialOrder("train"));
        expected.addAll(officialOrder("test"));
        List<String> sorted = new ArrayList<>(expected);
        sorted.sort(null);
        assertNotEquals(sorted, expected, "the fixture must not be sorted, or the test could not fail");
        try (LabelledDataset ds = LabelledDataset.open(out)) {
            FeatureStore fs = (FeatureStore) ds.features();
            assertEquals(expected.size(), fs.size());
            for (int r = 0; r < expected.size(); r++) assertEquals(expected.get(r), fs.sampleId(r), "row " + r);
            assertRowsMatchTheirIds(fs);

            Set<String> classes = new java.util.HashSet<>();
            for (int i = 0; i < ds.labels().taxonomy().size(); i++) classes.add(ds.labels().taxonomy().id(i));
            Map<String, Set<String>> truth = new HashMap<>();
            for (String split : List.of("train", "test")) {
                List<String> lines = Files.readAllLines(ROOT.resolve("labels/" + split + "-annotations-human-imagelabels-boxable.csv"));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",");
                    if (f[3].equals("1") && classes.contains(f[2]))
                        truth.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
                }
            }
            long without = 0;
            for (int r = 0; r < fs.size(); r++) {
                Set<String> got = new TreeSet<>();
                for (int l : ds.labels().labels()[r]) got.add(ds.labels().taxonomy().id(l));
                String img = LabelledImportTestSupport.imageOf(fs.sampleId(r));
                assertEquals(truth.getOrDefault(img, Set.of()), got, "labels of row " + r + " (" + img + ")");
                if (got.isEmpty()) without++;
            }
            assertEquals(without, report.rowsWithoutLabels());
            assertTrue(without > 0, "the fixture has unlabelled images");
        }
        assertEquals(expected.size(), report.rows());
        assertEquals(2, report.labelRowsOutsideTaxonomy(), "Car (/m/0k4j) is outside the excerpt, once per split");
        assertEquals(1, report.classesOutsideTaxonomy());
        assertEquals(2, report.labelRowsWithoutFeatures());
        assertEquals(2, report.duplicateLabelRows());
        assertTrue(report.labelRowsNotPositive() > 0);

        Set<String> testImages = LabelledImport.readTestImages(out);
        Set<String> testFromJson = new TreeSet<>();
        officialOrder("test").forEach(id -> testFromJson.add(LabelledImportTestSupport.imageOf(id)));
        assertEquals(testFromJson, new TreeSet<>(testImages));
        assertEquals(officialOrder("test").size(), report.testRows());
        List<String> captions = Files.readAllLines(out.resolve(LabelledImport.CAPTIONS));
        assertEquals(expected.get(0) + "\tA photo " + expected.get(0).substring(0, 4) + " number 0.", captions.get(0));
    }

    @Test
    void npyFeaturesArePairedBySampleIdAndAnImageListOverridesTheTestSplit() throws Exception {
        Path list = tmp.resolve("test-images.txt");
        List<String> order = officialOrder("test");
        String one = LabelledImportTestSupport.imageOf(order.get(order.size() - 1));
        Files.writeString(list, "# the test images\n" + one + "\n");
        OpenImagesImportConfig c = config().with("splits", List.of("test"), "features", "features/npy/{split}",
                "test_images", list.toString(), "streams", List.of(
                        Map.of("name", "dino", "file", "dino.npy"), Map.of("name", "clip_img", "file", "clip_img.npy"),
                        Map.of("name", "clip_txt", "file", "clip_txt.npy")));
        Path out = tmp.resolve("npy");
        ImportReport report = OpenImagesImport.run(c, out, ImportProgress.NONE);
        List<String> ids = Files.readAllLines(ROOT.resolve("features/npy/test/sample_ids.txt"));
        try (FeatureStore fs = FeatureStore.open(out)) {
            assertEquals(ids.size(), fs.size());
            for (int r = 0; r < ids.size(); r++) assertEquals(ids.get(r), fs.sampleId(r));
            assertRowsMatchTheirIds(fs);
        }
        assertEquals(Set.of(one), LabelledImport.readTestImages(out));
        assertTrue(report.testRows() >= 1 && report.testRows() < report.rows());
    }

    @Test
    void theFullRealHierarchyAndTheHeaderlessTrailingCommaClassFileWork() {
        // The real files (shared/data, when present): 602 nodes, class names without a header line and
        // with a trailing comma. Car (/m/0k4j), outside the fixture's excerpt, is in the real tree.
        OpenImagesImportConfig c = config().with(
                "hierarchy", org.sparcj.data.SharedData.file("openimages/bbox_labels_600_hierarchy.json").toString(),
                "class_descriptions", org.sparcj.data.SharedData.file("openimages/class-descriptions-boxable.csv").toString());
        ImportReport report = OpenImagesImport.run(c, tmp.resolve("real"), ImportProgress.NONE);
        assertEquals(0, report.labelRowsOutsideTaxonomy());
        try (LabelledDataset ds = LabelledDataset.open(tmp.resolve("real"))) {
            assertEquals(602, ds.labels().taxonomy().size());
            assertEquals("Car", ds.labels().taxonomy().name(ds.labels().taxonomy().byId("/m/0k4j").getAsInt()));
        }
    }

    @Test
    void featuresOfAnotherSplitFailNamingBothFiles() {
        OpenImagesImportConfig c = config().with("splits", List.of("test"),
                "features", ROOT.resolve("features/openimages/train").toString());
        DataFileException e = assertThrows(DataFileException.class,
                () -> OpenImagesImport.run(c, tmp.resolve("x"), ImportProgress.NONE));
        assertTrue(e.getMessage().contains("features/openimages/train/dino_features") && e.getMessage().contains(
                "simplified_open_images_test_localized_narratives.json") && !e.getMessage().contains("\n"), e.getMessage());
        assertFalse(FeatureStore.isComplete(tmp.resolve("x")));
    }

    @Test
    void labelsOfAnotherDatasetFailAsNotMatchingAtAll() throws Exception {
        Path csv = tmp.resolve("other.csv");
        Files.writeString(csv, "ImageID,Source,LabelName,Confidence\n0123456789abcdef,verification,/m/0242l,1\n");
        OpenImagesImportConfig c = config().with("labels", csv.toString());
        DataFileException e = assertThrows(DataFileException.class,
                () -> OpenImagesImport.run(c, tmp.resolve("y"), ImportProgress.NONE));
        assertTrue(e.getMessage().startsWith(csv.toString()) && e.getMessage().contains("different splits"), e.getMessage());
    }

    @Test
    void anImportKilledPartWayLeavesNoStoreThatOpens() throws Exception {
        // A copy whose test split's dino file is cut short: the import fails while copying features.
        Path root = tmp.resolve("root");
        LabelledImportTestSupport.copyTree(ROOT, root);
        Path dino = root.resolve("features/openimages/test/dino_features_dinov2_vitb14_reg.h5");
        byte[] bytes = Files.readAllBytes(dino);
        Files.write(dino, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Path out = tmp.resolve("killed");
        assertThrows(DataFileException.class, () -> OpenImagesImport.run(
                OpenImagesImportConfig.defaults().with("root", root.toString()), out, ImportProgress.NONE));
        assertFalse(FeatureStore.isComplete(out));
        assertThrows(DataFileException.class, () -> LabelledDataset.open(out));
    }
}
