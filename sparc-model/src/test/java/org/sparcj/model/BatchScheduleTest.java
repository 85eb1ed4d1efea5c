package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchScheduleTest {

    @Test
    void contiguousShufflesFullBatchesAndKeepsTheShortTailLast() {
        // 10 rows in batches of 3: full batches 0, 1, 2 shuffled; the 1-row tail (batch 3) always last.
        long[] rows = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        boolean sawOtherOrder = false;
        for (long epoch = 0; epoch < 8; epoch++) {
            int[] order = BatchSchedule.order(BatchOrder.CONTIGUOUS, 10, 3, 5, epoch);
            assertEquals(4, order.length);
            assertEquals(3, order[3], "tail last in epoch " + epoch);
            int[] sorted = Arrays.copyOf(order, 3);
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2}, sorted);
            if (order[0] != 0 || order[1] != 1) sawOtherOrder = true;
            assertArrayEquals(new long[] {19}, BatchSchedule.batchRows(BatchOrder.CONTIGUOUS, order, rows, 3, 3));
            long[] first = BatchSchedule.batchRows(BatchOrder.CONTIGUOUS, order, rows, 3, 0);
            assertEquals(3, first.length);
            assertEquals(first[0] + 1, first[1], "a contiguous block");
        }
        assertNotEquals(false, sawOtherOrder, "full batches are shuffled across epochs");
        assertArrayEquals(BatchSchedule.order(BatchOrder.CONTIGUOUS, 10, 3, 5, 2), BatchSchedule.order(BatchOrder.CONTIGUOUS, 10, 3, 5, 2));
    }
}
