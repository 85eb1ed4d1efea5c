package org.sparcj.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Batches of row indices over a given set of rows, in order or shuffled by a seed (the same seed
 * gives the same batches). The last batch may be smaller. Meant for evaluation and extraction
 * loops; training has its own batch order.
 */
public final class RowBatches implements Iterable<long[]> {
    private final long[] order;
    private final int batchSize;

    private RowBatches(long[] order, int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        this.order = order;
        this.batchSize = batchSize;
    }

    /** The rows in the given order, cut into batches. */
    public static RowBatches sequential(long[] rows, int batchSize) {
        return new RowBatches(rows.clone(), batchSize);
    }

    /** The rows in a seeded random order (Fisher-Yates), cut into batches. */
    public static RowBatches shuffled(long[] rows, int batchSize, long seed) {
        long[] o = rows.clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = o.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return new RowBatches(o, batchSize);
    }

    /** Rows 0..n-1. */
    public static long[] allRows(long n) {
        long[] r = new long[Math.toIntExact(n)];
        for (int i = 0; i < r.length; i++) r[i] = i;
        return r;
    }

    public int count() {
        return (order.length + batchSize - 1) / batchSize;
    }

    public long[] batch(int i) {
        if (i < 0 || i >= count()) throw new IndexOutOfBoundsException("batch " + i + " of " + count());
        return Arrays.copyOfRange(order, i * batchSize, Math.min(order.length, (i + 1) * batchSize));
    }

    @Override
    public Iterator<long[]> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count();
            }

            @Override
            public long[] next() {
                if (!hasNext()) throw new NoSuchElementException();
                return batch(next++);
            }
        };
    }
}
