package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConceptAssignmentTest {
    // labels per analysis position 0..11
    private static final int[][] LABELS = {
            {1}, {1}, {1, 2}, {2}, {}, {2}, {3}, {4}, {5}, {6}, {1}, {2}};

    private static TopActivations heaps() {
        TopActivations top = new TopActivations(2, 4, 4);
        // stream 0, latent 0: activations of positions 0..5; the top 4 are positions 0 (.9), 2 (.8), 3 (.7)
        // and 4 (.6): position 5 ties with 4 at .6 and the earlier one is kept.
        float[] acts = {0.9f, 0.1f, 0.8f, 0.7f, 0.6f, 0.6f};
        for (int p = 0; p < acts.length; p++) top.offer(0, 0, acts[p], p);
        // stream 0, latent 1: never fires.
        // stream 0, latent 2: positions 6..9, one sample each of classes 3, 4, 5, 6.
        for (int p = 6; p <= 9; p++) top.offer(0, 2, 1f, p);
        // stream 0, latent 3: position 10 (class 1) only.
        top.offer(0, 3, 0.5f, 10);
        // stream 1: latent 0 <- position 0 (class 1); latent 1 <- position 3 (class 2); latent 3 <- position 11 (class 2)
        top.offer(1, 0, 0.5f, 0);
        top.offer(1, 1, 0.2f, 3);
        top.offer(1, 3, 0.4f, 11);
        return top;
    }

    @Test
    void handComputedAssignment() {
        ConceptAssignment c = ConceptAssignment.compute(List.of("a", "b"), heaps(), LABELS, 0.3);
        // s0 l0: taken {0, 2, 3, 4}: class 1 carried by 0, 2 -> 2; class 2 by 2, 3 -> 2; tie -> class 1; purity 2/4.
        // s0 l2: four classes once each -> purity 1/4 = 0.25 < 0.3 -> none. s0 l3: {10} -> class 1, purity 1.
        assertArrayEquals(new int[] {1, -1, -1, 1}, c.concept()[0]);
        assertArrayEquals(new double[] {0.5, 0, 0.25, 1}, c.purity()[0], 1e-12);
        // s1: l0 -> 1, l1 -> 2, l2 none (never fires), l3 -> 2
        assertArrayEquals(new int[] {1, 2, -1, 2}, c.concept()[1]);
        assertArrayEquals(new double[] {0.5, 0.75}, c.assignedFraction(), 1e-12);
        assertEquals(Map.of(1, 2), c.latentsPerConcept().get(0));
        assertEquals(Map.of(1, 1, 2, 2), c.latentsPerConcept().get(1));
        assertEquals(2, c.maxLatentsPerConcept());
        // only latent 0 has the same concept (1) in both streams; latent 3 is 1 vs 2
        assertEquals(1, c.agreeingLatents());
        assertArrayEquals(new int[] {0}, c.agreeing());
    }

    @Test
    void purityEqualToTheThresholdIsAssignedAndTiesGoToTheLowestClass() {
        ConceptAssignment c = ConceptAssignment.compute(List.of("a", "b"), heaps(), LABELS, 0.25);
        // s0 l2: classes 3, 4, 5, 6 once each: purity 0.25 >= 0.25, tie -> class 3
        assertEquals(3, c.concept()[0][2]);
    }

    @Test
    void heapKeepsTheHighestActivationsAndEarlierSamplesOnTies() {
        TopActivations top = new TopActivations(1, 1, 3);
        float[] acts = {0.2f, 0.5f, 0.5f, 0.1f, 0.9f, 0.5f};
        for (int p = 0; p < acts.length; p++) top.offer(0, 0, acts[p], p);
        // best first: 4 (.9), then the .5s in position order 1, 2 (5 is dropped: same value, later)
        assertArrayEquals(new int[] {4, 1, 2}, top.positions(0, 0));
    }
}
