package org.sparcj.eval;

/**
 * count[s][j][c]: the number of counted samples where latent j is non-zero in stream s and that
 * carry class c. Dense (M x L x classes ints) when that is small, as for a few hundred classes;
 * otherwise sparse, one small map per stream and latent that ever fired, so memory follows the
 * number of distinct (latent, class) pairs seen rather than L x classes.
 */
public final class ClassCounts {
    /** Above this many M x L x classes entries the counts are kept sparsely. */
    static final long DENSE_LIMIT = 32L << 20;

    private final int streams;
    private final int latents;
    private final int classes;
    private final int[][] dense;          // [s][j * classes + c], or null
    private final IntCountMap[][] maps;   // sparse, or null

    /** @param classes number of class indices (e.g. the taxonomy size); every class must be below it */
    public ClassCounts(int streams, int latents, int classes) {
        this(streams, latents, classes, (long) streams * latents * classes <= DENSE_LIMIT);
    }

    ClassCounts(int streams, int latents, int classes, boolean denseStorage) {
        if (streams <= 0 || latents <= 0 || classes <= 0)
            throw new IllegalArgumentException("class counts: streams, latents and classes must be > 0");
        this.streams = streams;
        this.latents = latents;
        this.classes = classes;
        this.dense = denseStorage ? new int[streams][latents * classes] : null;
        this.maps = denseStorage ? null : new IntCountMap[streams][latents];
    }

    public int streams() { return streams; }
    public int latents() { return latents; }

    /** One sample where latent {@code latent} fires in {@code stream}, carrying {@code classes} (distinct). */
    public void add(int stream, int latent, int[] sampleClasses) {
        for (int c : sampleClasses) add(stream, latent, c, 1);
    }

    /** Adds {@code by} to one count directly. */
    public void add(int stream, int latent, int cls, int by) {
        if (cls < 0 || cls >= classes)
            throw new IllegalArgumentException("class counts: class index " + cls + " outside 0.." + (classes - 1)
                    + " (not in the taxonomy?)");
        if (dense != null) {
            dense[stream][latent * classes + cls] += by;
            return;
        }
        IntCountMap m = maps[stream][latent];
        if (m == null) maps[stream][latent] = m = new IntCountMap(8);
        m.add(cls, by);
    }

    public int get(int stream, int latent, int cls) {
        if (dense != null) return dense[stream][latent * classes + cls];
        IntCountMap m = maps[stream][latent];
        return m == null ? 0 : m.get(cls);
    }

    /** True when latent {@code latent} was counted at least once in {@code stream}. */
    public boolean active(int stream, int latent) {
        if (dense != null) {
            int base = latent * classes;
            for (int c = 0; c < classes; c++) if (dense[stream][base + c] > 0) return true;
            return false;
        }
        IntCountMap m = maps[stream][latent];
        return m != null && m.total() > 0;
    }

    /** Classes with a non-zero count for (stream, latent), ascending. */
    int[] classes(int stream, int latent) {
        if (dense != null) {
            int base = latent * classes;
            int n = 0;
            for (int c = 0; c < classes; c++) if (dense[stream][base + c] > 0) n++;
            int[] out = new int[n];
            n = 0;
            for (int c = 0; c < classes; c++) if (dense[stream][base + c] > 0) out[n++] = c;
            return out;
        }
        IntCountMap m = maps[stream][latent];
        return m == null ? new int[0] : m.sortedKeys();
    }
}
