package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.Taxonomy;

class HierarchicalJaccardTest {
    // 0 root; 1 Animal, 2 Vehicle (depth 1); 3 Dog, 4 Cat (under Animal), 5 Car (under Vehicle) (depth 2);
    // 6 Puppy under Dog (depth 3). maxDepth = 3.
    private static final Taxonomy TAX = new Taxonomy(
            List.of("root", "animal", "vehicle", "dog", "cat", "car", "puppy"),
            List.of("Root", "Animal", "Vehicle", "Dog", "Cat", "Car", "Puppy"),
            new int[] {-1, 0, 0, 1, 1, 2, 3});

    @Test
    void handComputedPerDepth() {
        handComputedPerDepth(true);
        handComputedPerDepth(false);
    }

    private void handComputedPerDepth(boolean denseStorage) {
        ClassCounts c = new ClassCounts(3, 3, TAX.size(), denseStorage);
        // latent 0: stream 0 {Dog 2, Cat 1}, stream 1 {Cat 2, Car 1}, stream 2 never counted -> one pair (0, 1)
        c.add(0, 0, 3, 2); c.add(0, 0, 4, 1);
        c.add(1, 0, 4, 2); c.add(1, 0, 5, 1);
        // latent 1: stream 0 {Puppy 1}, stream 1 {Dog 1}, stream 2 {Cat 1} -> three pairs
        c.add(0, 1, 6, 1); c.add(1, 1, 3, 1); c.add(2, 1, 4, 1);
        // latent 2: only stream 2 {Car 5} -> active in < 2 streams -> scores 0 but counts in the mean
        c.add(2, 2, 5, 5);
        HierarchicalJaccard j = HierarchicalJaccard.compute(c, TAX);
        // latent 0: D0 root 3 vs 3 -> 1; D1 {Animal 3} vs {Animal 2, Vehicle 1}: min 2 / max (3 + 1) = 1/2;
        //           D2 {Dog 2, Cat 1} vs {Cat 2, Car 1}: min (Cat 1) = 1 / max (2 + 2 + 1) = 1/5; D3 as D2 = 1/5.
        // latent 1: D0 all 1 -> 1; D1 all Animal -> 1; D2 Puppy->Dog: {Dog},{Dog},{Cat}: pairs 1, 0, 0 -> 1/3;
        //           D3 {Puppy},{Dog},{Cat}: all 0.
        // mean over L = 3: D0 (1 + 1 + 0)/3 = 2/3; D1 (1/2 + 1)/3 = 1/2; D2 (1/5 + 1/3)/3 = 8/45; D3 (1/5)/3 = 1/15.
        assertArrayEquals(new double[] {2.0 / 3, 0.5, 8.0 / 45, 1.0 / 15}, j.perDepth(), 1e-12);
        // mean over depths: (30 + 22.5 + 8 + 3)/45 / 4 = 127/360
        assertEquals(127.0 / 360, j.mean(), 1e-12);
        // per latent, over the 4 depths: latent 0 (1 + 1/2 + 1/5 + 1/5)/4 = 19/40; latent 1 (1 + 1 + 1/3 + 0)/4 = 7/12; latent 2 0
        assertArrayEquals(new double[] {19.0 / 40, 7.0 / 12, 0}, j.perLatent(), 1e-12);
    }

    @Test
    void liftsEachClassByItsOwnAncestorWhateverTheNodeOrder() {
        // Node indices deliberately out of order (children before parents) and display names not sorted
        // like the ids, so a lift that used another class's ancestors (the official notebook's
        // sorted-by-name columns lifted with CSV-order ancestors) would mix the two subtrees.
        // 0 root; 1 "zebra" -> 4 "Mammal"; 2 "apple" -> 3 "Fruit"; 5 "lion" -> 4 "Mammal"; 6 "banana" -> 3 "Fruit".
        Taxonomy tax = new Taxonomy(List.of("r", "zebra", "apple", "fruit", "mammal", "lion", "banana"),
                List.of("Root", "zebra", "apple", "Fruit", "Mammal", "lion", "banana"),
                new int[] {-1, 4, 3, 0, 0, 4, 3});
        ClassCounts c = new ClassCounts(2, 2, tax.size());
        // latent 0: zebra vs lion (both mammals): D0 1, D1 1 (Mammal == Mammal), D2 0
        c.add(0, 0, 1, 1); c.add(1, 0, 5, 1);
        // latent 1: apple vs zebra (fruit vs mammal): D0 1, D1 0, D2 0
        c.add(0, 1, 2, 1); c.add(1, 1, 1, 1);
        HierarchicalJaccard j = HierarchicalJaccard.compute(c, tax);
        // per depth, mean over the 2 latents: D0 (1+1)/2 = 1, D1 (1+0)/2 = 1/2, D2 0
        assertArrayEquals(new double[] {1.0, 0.5, 0.0}, j.perDepth(), 1e-12);
    }

    @Test
    void internalNodeLabelsStayThemselvesBelowTheirDepth() {
        // stream 0 counts Animal (depth 1), stream 1 counts Dog (depth 2):
        // D0 1; D1 Dog lifts to Animal -> 1; D2 Animal stays Animal vs Dog -> 0; D3 0
        ClassCounts c = new ClassCounts(2, 1, TAX.size());
        c.add(0, 0, 1, 1);
        c.add(1, 0, 3, 1);
        assertArrayEquals(new double[] {1, 1, 0, 0}, HierarchicalJaccard.compute(c, TAX).perDepth(), 1e-12);
    }

    @Test
    void neverFiringLatentsAndOneStreamScoreZero() {
        ClassCounts one = new ClassCounts(1, 2, TAX.size());
        one.add(0, 0, 3, 4);
        HierarchicalJaccard j = HierarchicalJaccard.compute(one, TAX);
        assertArrayEquals(new double[] {0, 0, 0, 0}, j.perDepth(), 0);
        assertEquals(0, j.mean(), 0);
    }

    @Test
    void labelMissingFromTheTaxonomyIsAClearError() {
        // counted against the taxonomy's size: rejected when counted
        ClassCounts sized = new ClassCounts(2, 1, TAX.size());
        IllegalArgumentException e0 = assertThrows(IllegalArgumentException.class, () -> sized.add(1, 0, 99, 1));
        assertTrue(e0.getMessage().contains("99"), e0.getMessage());
        // counted with room for more classes than the taxonomy has: rejected by the Jaccard
        ClassCounts c = new ClassCounts(2, 1, 100);
        c.add(0, 0, 3, 1);
        c.add(1, 0, 99, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HierarchicalJaccard.compute(c, TAX));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new SampleLabels(TAX, new int[][] {{3}, {7}}));
        assertTrue(e2.getMessage().contains("label 7"), e2.getMessage());
    }
}
