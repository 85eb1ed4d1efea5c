package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NmseMatrixTest {

    @Test
    void handComputedMatrix() {
        // streams a (dim 2) and b (dim 1), two samples. Targets: a rows (1,0), (0,2); b rows (2), (1).
        float[] xa = {1, 0, 0, 2};
        float[] xb = {2, 1};
        NmseMatrix.Accumulator acc = new NmseMatrix.Accumulator(List.of("a", "b"), new int[] {2, 1});
        // a->a recon (1,1), (0,1): per sample 1/1 = 1 and 1/4 -> mean 0.625
        acc.add(0, 0, new float[] {1, 1, 0, 1}, xa, 2);
        // b->a recon (0,0), (0,2): 1/1 and 0/4 -> mean 0.5
        acc.add(1, 0, new float[] {0, 0, 0, 2}, xa, 2);
        // a->b recon (1), (1): 1/4 and 0 -> 0.125 ; b->b recon (2), (0): 0 and 1 -> 0.5
        acc.add(0, 1, new float[] {1, 1}, xb, 2);
        acc.add(1, 1, new float[] {2, 0}, xb, 2);
        NmseMatrix m = acc.result();
        assertArrayEquals(new double[] {0.625, 0.125}, m.nmse()[0], 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, m.nmse()[1], 1e-12);
        assertEquals((0.625 + 0.5) / 2, m.selfMean(), 1e-12);
        assertEquals((0.125 + 0.5) / 2, m.crossMean(), 1e-12);
    }

    @Test
    void zeroTargetsAreSkippedAndOneStreamHasNoCross() {
        NmseMatrix.Accumulator acc = new NmseMatrix.Accumulator(List.of("a"), new int[] {1});
        // samples: target 2 recon 1 -> 1/4; target 0 -> skipped
        acc.add(0, 0, new float[] {1, 5}, new float[] {2, 0}, 2);
        NmseMatrix m = acc.result();
        assertEquals(0.25, m.nmse()[0][0], 1e-12);
        assertEquals(1, m.skippedRows()[0]);
        assertEquals(Double.NaN, m.crossMean());
    }
}
