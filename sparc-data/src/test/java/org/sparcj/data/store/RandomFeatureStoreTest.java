package org.sparcj.data.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.StreamInfo;

class RandomFeatureStoreTest {
    @TempDir
    Path tmp;

    @Test
    void writesSeededRowsOnceThenReusesAndRewritesWhenTheShapeDiffers() throws Exception {
        List<StreamInfo> streams = List.of(new StreamInfo("a", 3), new StreamInfo("b", 5));
        Path dir = tmp.resolve("store");
        // 5000 rows: more than one write batch
        assertTrue(RandomFeatureStore.writeIfMissing(dir, streams, 5000, 7));
        float[][] first;
        try (FeatureStore fs = FeatureStore.open(dir)) {
            assertEquals(5000, fs.size());
            assertEquals(streams, fs.streams());
            first = fs.readBatch(new long[] {0, 4095, 4999});
        }
        long written = Files.getLastModifiedTime(dir.resolve("manifest.json")).toMillis();
        assertFalse(RandomFeatureStore.writeIfMissing(dir, streams, 5000, 7), "the same store is reused");
        assertEquals(written, Files.getLastModifiedTime(dir.resolve("manifest.json")).toMillis());

        // another size is rewritten; the same seed gives the same first batch of 4096 rows (drawn batch by batch)
        assertTrue(RandomFeatureStore.writeIfMissing(dir, streams, 4100, 7));
        try (FeatureStore fs = FeatureStore.open(dir)) {
            assertEquals(4100, fs.size());
            float[][] again = fs.readBatch(new long[] {0, 4095});
            for (int s = 0; s < 2; s++) {
                int d = streams.get(s).dim();
                assertArrayEquals(java.util.Arrays.copyOfRange(first[s], 0, 2 * d), again[s]);
            }
        }
    }
}
