package org.sparcj.eval;

/**
 * count[s][j][c]: the number of counted samples where latent j is non-zero in stream s and that
 * carry class c. Stored sparsely (one small map per stream and latent that ever fired), so memory
 * follows the number of distinct (latent, class) pairs seen, not L x classes.
 */
public final class ClassCounts {
    private final int streams;
    private final int latents;
    private final IntCountMap[][] maps;

    public ClassCounts(int streams, int latents) {
        this.streams = streams;
        this.latents = latents;
        this.maps = new IntCountMap[streams][latents];
    }

    public int streams() { return streams; }
    public int latents() { return latents; }

    /** One sample where latent {@code latent} fires in {@code stream}, carrying {@code classes} (distinct). */
    public void add(int stream, int latent, int[] classes) {
        if (classes.length == 0) return;
        IntCountMap m = maps[stream][latent];
        if (m == null) maps[stream][latent] = m = new IntCountMap(8);
        for (int c : classes) {
            if (c < 0) throw new IllegalArgumentException("class counts: negative class index " + c);
            m.add(c, 1);
        }
    }

    /** Adds {@code by} to one count directly (for hand-made cases). */
    public void add(int stream, int latent, int cls, int by) {
        if (cls < 0) throw new IllegalArgumentException("class counts: negative class index " + cls);
        IntCountMap m = maps[stream][latent];
        if (m == null) maps[stream][latent] = m = new IntCountMap(8);
        m.add(cls, by);
    }

    public int get(int stream, int latent, int cls) {
        IntCountMap m = maps[stream][latent];
        return m == null ? 0 : m.get(cls);
    }

    /** True when latent {@code latent} was counted at least once in {@code stream}. */
    public boolean active(int stream, int latent) {
        IntCountMap m = maps[stream][latent];
        return m != null && m.total() > 0;
    }

    /** Classes with a count for (stream, latent), ascending; empty when none. */
    int[] classes(int stream, int latent) {
        IntCountMap m = maps[stream][latent];
        return m == null ? new int[0] : m.sortedKeys();
    }
}
