package org.sparcj.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Row indices of the train, validation and test parts, each sorted ascending. The split is decided
 * per sample by a hash of its ID and a seed, so it does not depend on row order or dataset size:
 * a sample keeps its part when the dataset grows or is re-extracted.
 *
 * <p>Only the factories below make splits, each array at its exact size and never copied again: a
 * split of N rows costs 8N bytes of heap (plus N bytes while it is built), which matters to commands
 * that stream a store larger than the heap. The accessors return the arrays themselves; callers must
 * not modify them.
 */
public final class DatasetSplit {
    private final long[] train;
    private final long[] validation;
    private final long[] test;

    private DatasetSplit(long[] train, long[] validation, long[] test) {
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /** Training rows, ascending. */
    public long[] train() {
        return train;
    }

    /** Validation rows, ascending. */
    public long[] validation() {
        return validation;
    }

    /** Test rows, ascending. */
    public long[] test() {
        return test;
    }

    /** Splits all rows of {@code data} by sample ID: a fraction to validation, a fraction to test, the rest to train. */
    public static DatasetSplit bySampleId(MultiStreamDataset data, double validationFraction, double testFraction,
                                          long seed) {
        return bySampleId(data.size(), data::sampleId, validationFraction, testFraction, seed);
    }

    /**
     * Splits by a group key of the sample ID, so all samples of a group land in the same part; e.g.
     * {@link #imageOf} keeps every caption of an image ({@code <image>#<k>} sample IDs) together.
     */
    public static DatasetSplit byGroup(MultiStreamDataset data, UnaryOperator<String> groupKey,
                                       double validationFraction, double testFraction, long seed) {
        return bySampleId(data.size(), r -> groupKey.apply(data.sampleId(r)), validationFraction, testFraction, seed);
    }

    /** The image part of a sample ID of the form {@code <image>#<k>} (the loaders' per-caption IDs); the ID itself otherwise. */
    public static String imageOf(String sampleId) {
        int hash = sampleId.indexOf('#');
        return hash < 0 ? sampleId : sampleId.substring(0, hash);
    }

    /**
     * As {@link #bySampleId(MultiStreamDataset, double, double, long)} over rows 0..n-1 with the given
     * IDs (or group keys: rows with equal keys share a part).
     */
    public static DatasetSplit bySampleId(long n, LongFunction<String> sampleIds, double validationFraction,
                                          double testFraction, long seed) {
        checkFraction("validationFraction", validationFraction);
        checkFraction("testFraction", testFraction);
        if (validationFraction + testFraction > 1)
            throw new IllegalArgumentException("validationFraction + testFraction must be <= 1, got "
                    + (validationFraction + testFraction));
        Builder b = new Builder(n);
        for (long r = 0; r < n; r++) {
            double u = unitHash(sampleIds.apply(r), seed);
            if (u < testFraction) b.test(r);
            else if (u < testFraction + validationFraction) b.validation(r);
            else b.train(r);
        }
        return b.build();
    }

    /**
     * A fixed test set (e.g. the standard MS-COCO 5k test images): rows whose sample ID satisfies
     * {@code isTest} are the test part; the others are split into validation and train by a hash of
     * {@link #imageOf their image part}, so the captions of one image stay together.
     */
    public static DatasetSplit withTestSet(MultiStreamDataset data, Predicate<String> isTest,
                                           double validationFraction, long seed) {
        checkFraction("validationFraction", validationFraction);
        Builder b = new Builder(data.size());
        for (long r = 0; r < data.size(); r++) {
            String id = data.sampleId(r);
            if (isTest.test(id)) b.test(r);
            else if (unitHash(imageOf(id), seed) < validationFraction) b.validation(r);
            else b.train(r);
        }
        return b.build();
    }

    /** A value in [0, 1) from the sample ID and seed (FNV-1a over UTF-8, then a SplitMix64 finaliser). */
    static double unitHash(String id, long seed) {
        long h = 0xcbf29ce484222325L ^ mix(seed);
        for (byte c : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= (c & 0xff);
            h *= 0x100000001b3L;
        }
        return (mix(h) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void checkFraction(String name, double f) {
        if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetSplit s && Arrays.equals(train, s.train) && Arrays.equals(validation, s.validation)
                && Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(train) + Arrays.hashCode(validation)) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "DatasetSplit[train=" + train.length + ", validation=" + validation.length + ", test=" + test.length + "]";
    }

    /**
     * Rows are visited in ascending order, so every part comes out sorted. Each row's part is noted in
     * one byte first, so the parts are allocated once at their final sizes (no growing arrays, whose
     * copies would briefly need several times the split's size).
     */
    private static final class Builder {
        private static final byte TRAIN = 0, VALIDATION = 1, TEST = 2;
        private final byte[] part;
        private final int[] sizes = new int[3];

        Builder(long n) {
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("too many rows: " + n);
            part = new byte[(int) n];
        }

        void train(long r) { set(r, TRAIN); }
        void validation(long r) { set(r, VALIDATION); }
        void test(long r) { set(r, TEST); }

        private void set(long r, byte p) {
            part[(int) r] = p;
            sizes[p]++;
        }

        DatasetSplit build() {
            long[][] rows = {new long[sizes[TRAIN]], new long[sizes[VALIDATION]], new long[sizes[TEST]]};
            int[] next = new int[3];
            for (int r = 0; r < part.length; r++) rows[part[r]][next[part[r]]++] = r;
            return new DatasetSplit(rows[TRAIN], rows[VALIDATION], rows[TEST]);
        }
    }
}
