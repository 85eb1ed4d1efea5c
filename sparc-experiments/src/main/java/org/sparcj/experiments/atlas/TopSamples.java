package org.sparcj.experiments.atlas;

/**
 * Per stream and latent, the (at most) {@code capacity} samples of highest activation with their
 * values, for display. The capacity is small (a page shows a dozen samples), so the lowest kept entry
 * is found by a scan when it is replaced; equal activations keep the earlier position.
 */
final class TopSamples {
    private final int capacity;
    private final float[][] value;
    private final int[][] position;
    private final int[][] size;
    /** Per (stream, latent), the slot of the entry a better sample replaces. */
    private final int[][] weakest;

    TopSamples(int streams, int latents, int capacity) {
        this.capacity = capacity;
        value = new float[streams][latents * capacity];
        position = new int[streams][latents * capacity];
        size = new int[streams][latents];
        weakest = new int[streams][latents];
    }

    void offer(int s, int j, float v, int p) {
        int base = j * capacity;
        int n = size[s][j];
        if (n < capacity) {
            value[s][base + n] = v;
            position[s][base + n] = p;
            size[s][j] = n + 1;
            if (n == 0 || below(v, p, value[s][base + weakest[s][j]], position[s][base + weakest[s][j]])) weakest[s][j] = n;
            return;
        }
        int w = base + weakest[s][j];
        if (!below(value[s][w], position[s][w], v, p)) return;
        value[s][w] = v;
        position[s][w] = p;
        int low = 0;
        for (int i = 1; i < capacity; i++)
            if (below(value[s][base + i], position[s][base + i], value[s][base + low], position[s][base + low])) low = i;
        weakest[s][j] = low;
    }

    /** A kept sample: its analysis position and activation. */
    record Hit(int position, float value) {
    }

    /** The kept samples of (s, j), best first. */
    Hit[] best(int s, int j) {
        int n = size[s][j], base = j * capacity;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> below(value[s][base + a], position[s][base + a], value[s][base + b], position[s][base + b]) ? 1
                : below(value[s][base + b], position[s][base + b], value[s][base + a], position[s][base + a]) ? -1 : 0);
        Hit[] out = new Hit[n];
        for (int i = 0; i < n; i++) out[i] = new Hit(position[s][base + order[i]], value[s][base + order[i]]);
        return out;
    }

    /** (va, pa) ranks below (vb, pb): a lower activation, or the same one at a later position. */
    private static boolean below(float va, int pa, float vb, int pb) {
        return va < vb || (va == vb && pa > pb);
    }
}
