package org.sparcj.model;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Dead-latent tracking on the host (docs/METHOD.md, Loss and Training): per stream and latent, training
 * steps since the latent last fired in that stream; dead after more than dead_steps.
 */
final class DeadLatentCounters {
    private final int[][] sinceFired;
    private final int deadSteps;
    private final int lookahead;

    DeadLatentCounters(int streams, int latents, int deadSteps, TopKSelection selection) {
        this.sinceFired = new int[streams][latents];
        this.deadSteps = deadSteps;
        this.lookahead = selection.candidateLookahead();
    }

    /**
     * Fills {@code into} with stream s's dead-latent candidates (1 for a latent dead after this step unless
     * it fires, by the selection's timing) and says whether there is one.
     */
    boolean candidates(int s, float[] into) {
        boolean any = false;
        for (int l = 0; l < into.length; l++) {
            if (sinceFired[s][l] + lookahead > deadSteps) {
                into[l] = 1f;
                any = true;
            }
        }
        return any;
    }

    /** Advances stream s's counters by one step: 0 for the latents that fired (fired[l] > 0). */
    void advance(int s, float[] fired) {
        for (int l = 0; l < fired.length; l++) sinceFired[s][l] = fired[l] > 0 ? 1 : sinceFired[s][l] + 1;
    }

    int deadCount(int s) {
        int c = 0;
        for (int v : sinceFired[s]) if (v > deadSteps) c++;
        return c;
    }

    int[] dead(int s) {
        return IntStream.range(0, sinceFired[s].length).filter(l -> sinceFired[s][l] > deadSteps).toArray();
    }

    /** Stream s's {@code latents} were re-initialised: counted from 0 again. */
    void reset(int s, int[] latents) {
        for (int l : latents) sinceFired[s][l] = 0;
    }

    /** The counters themselves, [stream][latent] (checkpoints read and restore them in place). */
    int[][] counts() {
        return sinceFired;
    }

    /**
     * The official re-initialisation's encoder rows, [n x d] ~ N(0, 0.01^2), drawn from (seed, step,
     * stream): so the checkpointed step is the whole RNG state.
     */
    static float[] encoderRows(long seed, long step, int s, int n, int d) {
        float[] rows = new float[n * d];
        SplittableRandom rng = new SplittableRandom(mix(seed, step, s));
        for (int i = 0; i < rows.length; i++) rows[i] = (float) (rng.nextGaussian() * 0.01);
        return rows;
    }

    private static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + b;
        return h ^ (h >>> 29);
    }
}
