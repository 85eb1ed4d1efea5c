package org.sparcj.eval;

/**
 * Per stream and latent, the (at most) {@code capacity} samples with the highest activation, kept
 * in bounded min-heaps so memory is M x L x capacity whatever the number of samples. Ties in
 * activation keep the earlier sample (lower position), so results do not depend on batch size.
 */
public final class TopActivations {
    private final int streams;
    private final int latents;
    private final int capacity;
    private final float[][] values;
    private final int[][] positions;
    private final int[][] sizes;

    public TopActivations(int streams, int latents, int capacity) {
        if (streams <= 0 || latents <= 0 || capacity <= 0)
            throw new IllegalArgumentException("TopActivations: streams, latents and capacity must be > 0");
        this.streams = streams;
        this.latents = latents;
        this.capacity = capacity;
        values = new float[streams][latents * capacity];
        positions = new int[streams][latents * capacity];
        sizes = new int[streams][latents];
    }

    public int streams() { return streams; }
    public int latents() { return latents; }
    public int capacity() { return capacity; }

    /** Offers sample {@code position} with activation {@code value} for latent {@code latent} of stream {@code stream}. */
    public void offer(int stream, int latent, float value, int position) {
        float[] v = values[stream];
        int[] p = positions[stream];
        int base = latent * capacity;
        int n = sizes[stream][latent];
        if (n < capacity) {
            // sift up
            int i = n;
            while (i > 0) {
                int parent = (i - 1) >> 1;
                if (!worse(value, position, v[base + parent], p[base + parent])) break;
                v[base + i] = v[base + parent];
                p[base + i] = p[base + parent];
                i = parent;
            }
            v[base + i] = value;
            p[base + i] = position;
            sizes[stream][latent] = n + 1;
            return;
        }
        if (!worse(v[base], p[base], value, position)) return; // root is the worst kept; new one is not better
        // replace root and sift down
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) break;
            int r = l + 1;
            int c = (r < n && worse(v[base + r], p[base + r], v[base + l], p[base + l])) ? r : l;
            if (!worse(v[base + c], p[base + c], value, position)) break;
            v[base + i] = v[base + c];
            p[base + i] = p[base + c];
            i = c;
        }
        v[base + i] = value;
        p[base + i] = position;
    }

    /** a is worse than b: lower activation, or equal activation and a later position. */
    private static boolean worse(float va, int pa, float vb, int pb) {
        return va < vb || (va == vb && pa > pb);
    }

    public int size(int stream, int latent) {
        return sizes[stream][latent];
    }

    /** The kept positions, in no particular order (cheaper than {@link #positions}). */
    public int[] members(int stream, int latent) {
        int base = latent * capacity;
        return java.util.Arrays.copyOfRange(positions[stream], base, base + sizes[stream][latent]);
    }

    /** The kept positions, best first (highest activation, then earliest position). */
    public int[] positions(int stream, int latent) {
        int n = sizes[stream][latent];
        int base = latent * capacity;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        float[] v = values[stream];
        int[] p = positions[stream];
        java.util.Arrays.sort(order, (a, b) -> worse(v[base + a], p[base + a], v[base + b], p[base + b]) ? 1
                : worse(v[base + b], p[base + b], v[base + a], p[base + a]) ? -1 : 0);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = p[base + order[i]];
        return out;
    }
}
