package org.sparcj.data;

import java.util.Arrays;

/**
 * Which rows of a dataset a command reads, in order: every row (no per-row memory, so a command can
 * stream a store larger than its heap) or an explicit list such as a split's test rows.
 */
public final class RowSelection {
    private final long size;
    private final long[] rows;

    private RowSelection(long size, long[] rows) {
        this.size = size;
        this.rows = rows;
    }

    /** Rows 0..n-1. */
    public static RowSelection all(long n) {
        if (n < 0) throw new IllegalArgumentException("negative row count " + n);
        return new RowSelection(n, null);
    }

    /** The given rows, in the given order (the array is kept, not copied). */
    public static RowSelection of(long[] rows) {
        return new RowSelection(rows.length, rows);
    }

    public long size() {
        return size;
    }

    /** Rows [from, from + count) of the selection. */
    public long[] slice(long from, int count) {
        if (from < 0 || count < 0 || from > size || count > size - from)
            throw new IndexOutOfBoundsException("rows [" + from + ", " + (from + count) + ") outside 0.." + size);
        if (rows != null) return Arrays.copyOfRange(rows, (int) from, (int) from + count);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) out[i] = from + i;
        return out;
    }

    /** Every row of the selection in one array (for analyses that keep per-row results anyway). */
    public long[] toArray() {
        if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("too many rows for one array: " + size);
        return slice(0, (int) size);
    }
}
