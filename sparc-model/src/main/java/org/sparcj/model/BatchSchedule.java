package org.sparcj.model;

import java.util.SplittableRandom;

/**
 * The deterministic order of training batches in one epoch, a function of (order, n, batch, seed, epoch)
 * only, so a resumed run sees exactly the batches a straight run would.
 */
final class BatchSchedule {
    private BatchSchedule() {
    }

    /**
     * CONTIGUOUS: a permutation of the full batch numbers (batch b = positions [b*B, (b+1)*B)), as the
     * official loader shuffles contiguous HDF5 blocks, with the short tail batch (if any) last in every
     * epoch, as there. SAMPLES: a permutation of the n positions.
     */
    static int[] order(BatchOrder mode, int n, int batch, long seed, long epoch) {
        int count = mode == BatchOrder.CONTIGUOUS ? (n + batch - 1) / batch : n;
        int shuffled = mode == BatchOrder.CONTIGUOUS ? n / batch : n;
        int[] p = new int[count];
        for (int i = 0; i < count; i++) p[i] = i;
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (epoch + 1) * 0xC2B2AE3D27D4EB4FL);
        for (int i = shuffled - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The dataset rows of the {@code index}-th batch of an epoch with the given order. */
    static long[] batchRows(BatchOrder mode, int[] order, long[] rows, int batch, int index) {
        int n = rows.length;
        if (mode == BatchOrder.CONTIGUOUS) {
            int start = order[index] * batch;
            int end = Math.min(n, start + batch);
            long[] out = new long[end - start];
            System.arraycopy(rows, start, out, 0, out.length);
            return out;
        }
        int start = index * batch;
        int end = Math.min(n, start + batch);
        long[] out = new long[end - start];
        for (int i = start; i < end; i++) out[i - start] = rows[order[i]];
        return out;
    }
}
