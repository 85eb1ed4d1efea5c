package org.sparcj.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per latent, the number of streams in which it is alive: all-alive (M of M), all-dead (0) or
 * mixed (anything between), with the count of latents per combination of alive streams.
 *
 * @param latents         L
 * @param allAlive        latents alive in every stream
 * @param mixed           latents alive in some but not all streams
 * @param allDead         latents alive in no stream
 * @param byCombination   key: the alive streams joined by "+" in stream order ("" for none); value: latents
 */
public record ActivationPatterns(int latents, int allAlive, int mixed, int allDead, Map<String, Integer> byCombination) {

    public double allAliveFraction() { return (double) allAlive / latents; }
    public double mixedFraction() { return (double) mixed / latents; }
    public double allDeadFraction() { return (double) allDead / latents; }

    public static ActivationPatterns of(List<String> streams, boolean[][] alive) {
        int m = alive.length;
        if (m != streams.size() || m == 0)
            throw new IllegalArgumentException("activation patterns: " + m + " alive rows for " + streams.size() + " streams");
        int l = alive[0].length;
        Map<String, Integer> byCombo = new TreeMap<>();
        int allAlive = 0, mixed = 0, allDead = 0;
        for (int j = 0; j < l; j++) {
            int count = 0;
            List<String> names = new ArrayList<>();
            for (int s = 0; s < m; s++) {
                if (alive[s][j]) {
                    count++;
                    names.add(streams.get(s));
                }
            }
            if (count == m) allAlive++;
            else if (count == 0) allDead++;
            else mixed++;
            byCombo.merge(String.join("+", names), 1, Integer::sum);
        }
        return new ActivationPatterns(l, allAlive, mixed, allDead, Collections.unmodifiableMap(byCombo));
    }
}
