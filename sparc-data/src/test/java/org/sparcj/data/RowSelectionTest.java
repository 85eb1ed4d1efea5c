package org.sparcj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RowSelectionTest {

    @Test
    void allRowsAreSlicedInOrderWithoutAnArrayOfThem() {
        RowSelection all = RowSelection.all(10_000_000_000L);
        assertEquals(10_000_000_000L, all.size());
        assertArrayEquals(new long[] {9_999_999_998L, 9_999_999_999L}, all.slice(9_999_999_998L, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> all.slice(9_999_999_999L, 2));
        assertThrows(IllegalArgumentException.class, all::toArray);
        RowSelection huge = RowSelection.all(Long.MAX_VALUE);
        assertThrows(IndexOutOfBoundsException.class, () -> huge.slice(Long.MAX_VALUE - 1, 5));   // from + count overflows
        assertEquals(0, RowSelection.all(0).slice(0, 0).length);
    }

    @Test
    void explicitRowsKeepTheirOrder() {
        RowSelection some = RowSelection.of(new long[] {7, 3, 11, 5});
        assertEquals(4, some.size());
        assertArrayEquals(new long[] {3, 11}, some.slice(1, 2));
        assertArrayEquals(new long[] {7, 3, 11, 5}, some.toArray());
        assertArrayEquals(new long[] {0, 1, 2}, RowSelection.all(3).toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> some.slice(3, 2));
    }
}
