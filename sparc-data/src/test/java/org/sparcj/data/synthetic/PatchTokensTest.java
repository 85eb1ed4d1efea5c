package org.sparcj.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.Manifest;
import org.sparcj.data.store.PatchFeatures;

class PatchTokensTest {
    @TempDir
    Path tmp;

    /** SHA-256 of the default dataset as the generator wrote it before patch tokens existed (main, 2026-11-30). */
    private static final Map<String, String> BEFORE_PATCHES = Map.of(
            "dino.npy", "bafe4ccc64cfffc7b18e13d28357e39ce1124f154c9ebcf8b2966a059926be07",
            "clip_img.npy", "3a6671e65c362d569ba8b154dcb5bf9a02364b9bf7bac3073e3382b7960de067",
            "clip_txt.npy", "026afe840b49328dcc5375b17645e6cd844feb26f6ce77e699e7e1ae2a037aa6",
            "labels.tsv", "5912be60995495efba4ff3adc3c2b42134093210e3d8db5a6d1a50f38f7a68a2",
            "synthetic.json", "0f8ea5f5fb6ae8093b9742b557895689effc92ea6c501f438ca77ac3eb9e6727",
            "manifest.json", "af9e8316294736cecdcc7d134caa8260494bb023f2ce3fd16eae61e917eb35ba",
            "ground_truth/dino_leaf_directions.npy", "bdb3e3f4b9dd03246cd4f92586993bf154f8805e636d06715b376a4411b56532");

    @Test
    void defaultsWithoutPatchesAreByteIdenticalToBefore() throws Exception {
        SyntheticConfig cfg = SyntheticConfig.defaults();
        assertEquals(0, cfg.patches().grid());
        SyntheticBenchmark.generate(cfg, tmp);
        for (var e : BEFORE_PATCHES.entrySet())
            assertEquals(e.getValue(), sha256(tmp.resolve(e.getKey())), e.getKey());
        assertTrue(Files.notExists(tmp.resolve("dino_patches.npy")));
    }

    @Test
    void meanPatchesAverageToThePooledFeatureAndPlantTheirConcepts() throws IOException {
        SyntheticConfig cfg = small(Manifest.Pooling.MEAN);
        SyntheticBenchmark.generate(cfg, tmp);
        try (FeatureStore store = FeatureStore.open(tmp)) {
            PatchFeatures pf = PatchFeatures.open(store, "dino");
            assertEquals(Manifest.Pooling.MEAN, pf.spec().pooling());
            assertEquals(16, pf.count());
            assertNull(pf.spec().idsFile());
            int d = pf.dim();
            float[] pooled = new float[d];
            for (int row = 0; row < store.size(); row++) {
                store.readRows(0, new long[] {row}, pooled);
                float[] t = pf.read(pf.rowOf(store.sampleId(row)));
                for (int c = 0; c < d; c++) {
                    double mean = 0;
                    for (int p = 0; p < 16; p++) mean += t[p * d + c] / 16.0;
                    assertEquals(pooled[c], mean, 1e-4, "row " + row + " column " + c);
                }
            }
        }
        assertObjectsAreWhereTheConceptIs(tmp);
    }

    @Test
    void clsPatchesAreNotTheMeanButStillPlantTheirConcepts() throws IOException {
        SyntheticBenchmark.generate(small(Manifest.Pooling.CLS), tmp);
        assertEquals(Manifest.Pooling.CLS, Manifest.read(tmp).stream("dino").patches().pooling());
        assertNull(Manifest.read(tmp).stream("clip_img").patches());
        assertObjectsAreWhereTheConceptIs(tmp);
    }

    static SyntheticConfig small(Manifest.Pooling pooling) {
        return SyntheticConfig.defaults().with("samples", 200, "patches.grid", 4, "patches.pooling", pooling.name());
    }

    // Along the concept's direction, the patches of its object score above the others (objects of
    // other concepts may overlap, so on most but not all planted objects).
    private static void assertObjectsAreWhereTheConceptIs(Path dir) throws IOException {
        List<String> regions = Files.readAllLines(dir.resolve("ground_truth/dino" + PatchTokens.REGIONS_SUFFIX));
        assertEquals("sample_id\tconcept\tpart\tpatches", regions.get(0));
        float[] dirs = readMatrix(dir.resolve("ground_truth/dino_leaf_directions.npy"));
        var tax = org.sparcj.data.TaxonomyIo.read(dir.resolve("taxonomy.tsv"));
        List<Integer> leaves = tax.leaves();
        int hits = 0, objects = 0;
        try (FeatureStore store = FeatureStore.open(dir)) {
            PatchFeatures pf = PatchFeatures.open(store, "dino");
            int d = pf.dim();
            for (String line : regions.subList(1, regions.size())) {
                String[] f = line.split("\t");
                if (!f[2].equals("0")) continue;
                int leaf = leaves.indexOf(tax.byId(f[1]).getAsInt());
                assertTrue(leaf >= 0, f[1]);
                float[] t = pf.read(pf.rowOf(f[0]));
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < pf.count(); p++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) s += t[p * d + c] * dirs[leaf * d + c];
                    if (s > bestScore) {
                        bestScore = s;
                        best = p;
                    }
                }
                objects++;
                if (List.of(f[3].split(",")).contains(Integer.toString(best))) hits++;
            }
        }
        assertTrue(hits > 0.8 * objects, hits + " of " + objects);
    }

    private static float[] readMatrix(Path npy) throws IOException {
        var h = org.sparcj.data.store.Npy.readHeader(npy);
        var b = java.nio.ByteBuffer.wrap(Files.readAllBytes(npy)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) (h.rows() * h.cols())];
        for (int i = 0; i < out.length; i++) out[i] = b.getFloat((int) h.dataOffset() + 4 * i);
        return out;
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
