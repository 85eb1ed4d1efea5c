package org.sparcj.data.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.DataFileException;
import org.sparcj.data.StreamInfo;

class PatchFeaturesTest {
    @TempDir
    Path dir;

    // A 3-sample store with one stream of width 2; patches for samples b and c only, on a 1x2 grid.
    private FeatureStore store(String descr, long rows, int p, int d, int width) throws IOException {
        try (FeatureStoreWriter w = FeatureStoreWriter.create(dir, List.of(new StreamInfo("v", 2)), 3)) {
            w.appendBatch(List.of("a", "b", "c"), new float[][] {{1, 0, 0, 1, 1, 1}});
        }
        ByteBuffer b = ByteBuffer.allocate((int) (128 + rows * p * d * width)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.headerBytes(descr, rows, p, d));
        for (int i = 0; i < rows * p * d; i++) {
            if (width == 4) b.putFloat(i * 0.5f);
            else b.putShort(half(i * 0.5f));
        }
        Files.write(dir.resolve("v_patches.npy"), b.array());
        Files.writeString(dir.resolve("v_patches_ids.txt"), "c\nb\n");
        Manifest.read(dir).withStream("v", e -> e.withPatches(
                new Manifest.Patches("v_patches.npy", "v_patches_ids.txt", 1, 2, Manifest.Pooling.CLS))).write(dir);
        return FeatureStore.open(dir);
    }

    // float16 bits of a positive value exact in half precision (or 0); Java 17 has no encoder.
    private static short half(float v) {
        if (v == 0) return 0;
        int e = Math.getExponent(v);
        return (short) (((e + 15) << 10) | Math.round((v / Math.scalb(1f, e) - 1) * 1024));
    }

    @Test
    void readsASubsetByIdInFloat32AndFloat16() throws IOException {
        for (String descr : List.of("<f4", "<f2")) {
            try (FeatureStore s = store(descr, 2, 2, 2, descr.equals("<f4") ? 4 : 2)) {
                PatchFeatures pf = PatchFeatures.open(s, "v");
                assertEquals(2, pf.samples());
                assertEquals(-1, pf.rowOf("a"));
                assertEquals(0, pf.rowOf("c"));
                assertEquals(1, pf.rowOf("b"));
                float[] t = pf.read(1);
                assertEquals(List.of(2f, 2.5f, 3f, 3.5f), List.of(t[0], t[1], t[2], t[3]), descr);
                assertEquals(Manifest.Pooling.CLS, Manifest.read(dir).stream("v").patches().pooling());
            }
            for (String f : List.of("manifest.json", "v.npy", "sample_ids.txt", "v_patches.npy", "v_patches_ids.txt"))
                Files.delete(dir.resolve(f));
        }
    }

    @Test
    void aShapeThatDisagreesWithTheManifestNamesFileAndBothShapes() throws IOException {
        try (FeatureStore s = store("<f4", 2, 3, 2, 4)) {
            DataFileException e = assertThrows(DataFileException.class, () -> PatchFeatures.open(s, "v"));
            assertTrue(e.getMessage().contains("v_patches.npy") && e.getMessage().contains("(2, 3, 2)")
                    && e.getMessage().contains("(2, 2, 2)") && e.getMessage().contains("grid 1x2"), e.getMessage());
        }
    }

    @Test
    void anUnknownIdOrAStreamWithoutPatchesIsAnError() throws IOException {
        try (FeatureStore s = store("<f4", 2, 2, 2, 4)) {
            Files.writeString(dir.resolve("v_patches_ids.txt"), "c\nz\n");
            DataFileException e = assertThrows(DataFileException.class, () -> PatchFeatures.open(s, "v"));
            assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'z'"), e.getMessage());
            assertThrows(DataFileException.class, () -> PatchFeatures.open(s, "w"));
        }
    }

    @Test
    void halfPrecisionDecodesSubnormalsAndSpecials() {
        assertEquals(1f, PatchFeatures.halfToFloat((short) 0x3c00));
        assertEquals(-2f, PatchFeatures.halfToFloat((short) 0xc000));
        assertEquals(0x1p-24f, PatchFeatures.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, PatchFeatures.halfToFloat((short) 0x7c00));
        assertTrue(Float.isNaN(PatchFeatures.halfToFloat((short) 0x7e00)));
    }
}
