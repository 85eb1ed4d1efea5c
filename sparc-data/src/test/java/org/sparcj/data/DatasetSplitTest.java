package org.sparcj.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

class DatasetSplitTest {

    @Test
    void partsAreDisjointSortedCompleteAndNearTheFractions() {
        int n = 20000;
        DatasetSplit s = DatasetSplit.bySampleId(n, r -> "id" + r, 0.1, 0.2, 7);
        assertEquals(n, s.train().length + s.validation().length + s.test().length);
        Set<Long> seen = new HashSet<>();
        for (long[] part : new long[][]{s.train(), s.validation(), s.test()}) {
            for (int i = 1; i < part.length; i++) assertTrue(part[i - 1] < part[i]);
            for (long r : part) assertTrue(seen.add(r));
        }
        assertEquals(0.1, s.validation().length / (double) n, 0.01);
        assertEquals(0.2, s.test().length / (double) n, 0.01);
    }

    @Test
    void decidedByIdNotRowOrderAndBySeed() {
        DatasetSplit a = DatasetSplit.bySampleId(1000, r -> "id" + r, 0.1, 0.1, 1);
        assertEquals(a, DatasetSplit.bySampleId(1000, r -> "id" + r, 0.1, 0.1, 1));
        // Reversed row order: the same IDs land in the same parts.
        DatasetSplit rev = DatasetSplit.bySampleId(1000, r -> "id" + (999 - r), 0.1, 0.1, 1);
        Set<String> testIds = new HashSet<>();
        for (long r : a.test()) testIds.add("id" + r);
        Set<String> testIdsRev = new HashSet<>();
        for (long r : rev.test()) testIdsRev.add("id" + (999 - r));
        assertEquals(testIds, testIdsRev);
        // A grown dataset keeps every old sample's part.
        DatasetSplit grown = DatasetSplit.bySampleId(2000, r -> "id" + r, 0.1, 0.1, 1);
        assertArrayEquals(a.test(), Arrays.stream(grown.test()).filter(r -> r < 1000).toArray());
        assertNotEquals(a, DatasetSplit.bySampleId(1000, r -> "id" + r, 0.1, 0.1, 2));
    }

    @Test
    void groupsStayTogether() {
        // 300 images with 5 captions each: every caption of an image in the same part.
        DatasetSplit s = DatasetSplit.bySampleId(1500, r -> DatasetSplit.imageOf("img" + r / 5 + "#" + r % 5), 0.2, 0.2, 9);
        for (long[] part : new long[][]{s.train(), s.validation(), s.test()}) {
            Set<Long> rows = new HashSet<>();
            for (long r : part) rows.add(r);
            for (long r : part) for (long k = r / 5 * 5; k < r / 5 * 5 + 5; k++) assertTrue(rows.contains(k));
        }
        assertTrue(s.test().length > 0 && s.validation().length > 0);
        assertEquals("abc", DatasetSplit.imageOf("abc#3"));
        assertEquals("abc", DatasetSplit.imageOf("abc"));
    }

    @Test
    void fixedTestSetByImageId() {
        // Sample IDs as the per-caption COCO loader makes them: <image id>#<caption id>.
        MultiStreamDataset data = new MultiStreamDataset() {
            public java.util.List<StreamInfo> streams() { return java.util.List.of(new StreamInfo("a", 1)); }
            public long size() { return 1000; }
            public String sampleId(long row) { return (row / 4) + "#" + row; }
            public void readRows(int stream, long[] rows, float[] dest) { }
        };
        Set<Long> testImages = Set.of(3L, 17L, 200L);
        DatasetSplit s = DatasetSplit.withTestSet(data, id -> testImages.contains(Long.parseLong(DatasetSplit.imageOf(id))),
                0.25, 1);
        assertArrayEquals(new long[]{12, 13, 14, 15, 68, 69, 70, 71, 800, 801, 802, 803}, s.test());
        Set<Long> val = new HashSet<>();
        for (long r : s.validation()) val.add(r);
        for (long r : s.validation()) for (long k = r / 4 * 4; k < r / 4 * 4 + 4; k++) assertTrue(val.contains(k));
        assertEquals(0.25, s.validation().length / 988.0, 0.06);
    }

    @Test
    void extremesAndValidation() {
        DatasetSplit all = DatasetSplit.bySampleId(50, r -> "x" + r, 0, 0, 3);
        assertArrayEquals(LongStream.range(0, 50).toArray(), all.train());
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.bySampleId(5, r -> "" + r, 0.6, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.bySampleId(5, r -> "" + r, -0.1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.bySampleId(5, r -> "" + r, Double.NaN, 0, 1));
    }
}
