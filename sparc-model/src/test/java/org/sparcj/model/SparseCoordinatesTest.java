package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** The kept latents' coordinates come in latent order, and each names its value's row-major position. */
class SparseCoordinatesTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void coordinatesAreInLatentThenRowOrderAndPointAtTheirRowMajorValues(int sources) {
        int rowsOfIdx = 5, k = 4, latents = 9;
        // Latents repeat across rows (7 in every row, 0 in two), so ties must fall back to the row.
        int[] idx = {7, 2, 0, 5, 3, 7, 8, 1, 7, 0, 4, 6, 2, 7, 5, 3, 6, 8, 7, 1};
        try (Graph g = new Graph(); Session session = new Session(g)) {
            Ops tf = Ops.create(g);
            SparseCoordinates at = SparseCoordinates.of(tf, tf.constant(Shape.of(rowsOfIdx, k), DataBuffers.of(idx)), sources, latents);
            try (Result r = session.runner().fetch(at.coords()).fetch(at.order()).fetch(at.shape()).run()) {
                TInt64 coords = (TInt64) r.get(0);
                TInt32 order = (TInt32) r.get(1);
                int n = rowsOfIdx * sources * k;
                assertEquals(Shape.of(n, 2), coords.shape());
                assertArrayEquals(new long[] {rowsOfIdx * sources, latents}, new long[] {((TInt64) r.get(2)).getLong(0),
                        ((TInt64) r.get(2)).getLong(1)});
                int[] seen = new int[n];
                for (int i = 0; i < n; i++) {
                    long row = coords.getLong(i, 0), col = coords.getLong(i, 1);
                    if (i > 0) {
                        long prevRow = coords.getLong(i - 1, 0), prevCol = coords.getLong(i - 1, 1);
                        assertTrue(prevCol < col || prevCol == col && prevRow < row, "entry " + i + " out of order");
                    }
                    // row-major position p = (r*sources + m)*k + j holds idx[r, j] in row r*sources + m
                    int p = order.getInt(i);
                    seen[p]++;
                    assertEquals(p / k, row, "entry " + i + ": row of its value");
                    assertEquals(idx[(p / k / sources) * k + p % k], col, "entry " + i + ": latent of its value");
                }
                int[] once = new int[n];
                Arrays.fill(once, 1);
                assertArrayEquals(once, seen, "order is a permutation");
            }
        }
    }
}
