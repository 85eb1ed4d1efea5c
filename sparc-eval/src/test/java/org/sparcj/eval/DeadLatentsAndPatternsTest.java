package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLatentsAndPatternsTest {
    private static final List<String> NAMES = List.of("a", "b", "c");

    @Test
    void countsDeadLatentsAndPatternsPerCombination() {
        // L = 5. Latent: 0 alive in a,b,c; 1 alive in a only; 2 alive nowhere; 3 alive in b,c; 4 alive in a,b,c.
        boolean[][] alive = {
                {true, true, false, false, true},   // a: dead = {2, 3} -> 2
                {true, false, false, true, true},   // b: dead = {1, 2} -> 2
                {true, false, false, true, true}};  // c: dead = {1, 2} -> 2
        DeadLatents dead = DeadLatents.of(NAMES, alive);
        assertArrayEquals(new int[] {2, 2, 2}, dead.dead());
        assertArrayEquals(new double[] {0.4, 0.4, 0.4}, dead.deadFraction(), 1e-12);

        ActivationPatterns p = ActivationPatterns.of(NAMES, alive);
        // all-alive: latents 0, 4 -> 2; mixed: 1 (a), 3 (b+c) -> 2; all-dead: 2 -> 1
        assertEquals(2, p.allAlive());
        assertEquals(2, p.mixed());
        assertEquals(1, p.allDead());
        assertEquals(0.4, p.allAliveFraction(), 1e-12);
        assertEquals(0.4, p.mixedFraction(), 1e-12);
        assertEquals(0.2, p.allDeadFraction(), 1e-12);
        assertEquals(Map.of("a+b+c", 2, "a", 1, "b+c", 1, "", 1), p.byCombination());
    }

    @Test
    void oneStreamHasNoMixedLatents() {
        boolean[][] alive = {{true, false, true}};
        ActivationPatterns p = ActivationPatterns.of(List.of("only"), alive);
        assertEquals(2, p.allAlive());
        assertEquals(0, p.mixed());
        assertEquals(1, p.allDead());
        assertArrayEquals(new int[] {1}, DeadLatents.of(List.of("only"), alive).dead());
    }
}
