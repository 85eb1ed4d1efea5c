package org.sparcj.eval;

import java.util.List;

/**
 * Dead latents per stream: latents never non-zero for that stream on the analysis set.
 *
 * @param streams       stream names
 * @param dead          per stream, the number of dead latents
 * @param deadFraction  per stream, dead / L
 */
public record DeadLatents(List<String> streams, int[] dead, double[] deadFraction) {

    /** @param alive alive[s][j]: latent j was non-zero for at least one sample in stream s */
    public static DeadLatents of(List<String> streams, boolean[][] alive) {
        if (alive.length != streams.size())
            throw new IllegalArgumentException("dead latents: " + alive.length + " alive rows for " + streams.size() + " streams");
        int[] dead = new int[alive.length];
        double[] frac = new double[alive.length];
        for (int s = 0; s < alive.length; s++) {
            for (boolean a : alive[s]) if (!a) dead[s]++;
            frac[s] = (double) dead[s] / alive[s].length;
        }
        return new DeadLatents(List.copyOf(streams), dead, frac);
    }
}
