package org.sparcj.eval;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.sparcj.model.LatentCodes;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Cross-stream retrieval (docs/METHOD.md, Metrics: retrieval): query i's true partner is gallery row i; rows are
 * L2-normalised and ranked by cosine similarity against the whole gallery. Ties count against the
 * query: rank = 1 + the number of OTHER gallery rows scoring at least as high as the partner, so
 * degenerate codes (all zero, all equal) give rank n, never a lucky 1.
 *
 * @param entries one per (family, source stream, target stream)
 */
public record Retrieval(List<Entry> entries) {

    /** family: latent, cross, self or raw; source and target are stream names. */
    public record Entry(String family, String source, String target, RankStats stats) {
    }

    /**
     * Ranks for dense rows: queries and gallery are n x dim, row-major (not necessarily normalised).
     * The similarity matrix is computed exactly, a block of query rows at a time, with TensorFlow's
     * CPU matrix product (several times faster than plain Java loops on this hardware).
     */
    public static int[] ranksDense(float[] queries, float[] gallery, int n, int dim) {
        if (queries.length < (long) n * dim || gallery.length < (long) n * dim)
            throw new IllegalArgumentException("retrieval: arrays smaller than " + n + " x " + dim);
        return ranksUnit(normalise(Arrays.copyOf(queries, n * dim), n, dim), normalise(Arrays.copyOf(gallery, n * dim), n, dim),
                n, dim);
    }

    /**
     * {@link #ranksDense} on rows already through {@link #normalise}: a caller that ranks one gallery
     * against several query sets normalises it once, in place, and holds no copies.
     */
    static int[] ranksUnit(float[] q, float[] g, int n, int dim) {
        int[] ranks = new int[n];
        int block = (int) Math.max(1, Math.min(n, (1L << 22) / n)); // about 16 MB of scores per block
        float[] scores = new float[block * n];
        // Graph mode with tensors we own and close per block, so memory stays one block of scores
        // whatever the gallery size.
        try (Graph graph = new Graph(); Session session = new Session(graph);
             TFloat32 galleryT = TFloat32.tensorOf(Shape.of(n, dim), DataBuffers.of(g, true, false))) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> qp = tf.placeholder(TFloat32.class);
            Placeholder<TFloat32> gp = tf.placeholder(TFloat32.class);
            MatMul<TFloat32> product = tf.linalg.matMul(qp, gp, MatMul.transposeB(true));
            for (int q0 = 0; q0 < n; q0 += block) {
                int nb = Math.min(block, n - q0);
                try (TFloat32 queryT = TFloat32.tensorOf(Shape.of(nb, dim),
                        DataBuffers.of(q, true, false).slice((long) q0 * dim, (long) nb * dim));
                     Result res = session.runner().feed(qp, queryT).feed(gp, galleryT).fetch(product).run()) {
                    ((TFloat32) res.get(0)).copyTo(DataBuffers.of(scores, false, false).narrow((long) nb * n));
                }
                for (int i = 0; i < nb; i++) ranks[q0 + i] = rankOfPartner(scores, i * n, n, q0 + i);
            }
        }
        return ranks;
    }

    /** Ranks for sparse latent codes: both have the same rows; similarity is the cosine of the dense codes. */
    public static int[] ranksSparse(LatentCodes queries, LatentCodes gallery, int latentSize) {
        return ranksSparse(queries, gallery, latentSize, false)[0];
    }

    /**
     * Both directions from one scan: [0] ranks a's rows against b's ({@link #ranksSparse(LatentCodes,
     * LatentCodes, int)}(a, b)), [1] b's against a's. The cosine matrix is the same read by rows or by
     * columns, so while a row of a is scored against b, every b row it touches is also checked against
     * that b row's own partner score: half the work of two calls.
     */
    public static int[][] ranksSparseBothWays(LatentCodes a, LatentCodes b, int latentSize) {
        return ranksSparse(a, b, latentSize, true);
    }

    /** At most this many gallery rows per tile: a tile's scores and counters stay in a core's cache. */
    private static final int MAX_TILE = 32768;

    /** At least one tile per core (the tiles are scanned in parallel), each at most {@link #MAX_TILE} rows. */
    private static int[][] ranksSparse(LatentCodes queries, LatentCodes gallery, int latentSize, boolean bothWays) {
        int n = queries.rows();
        int tiles = Math.max(Runtime.getRuntime().availableProcessors(), (n + MAX_TILE - 1) / MAX_TILE);
        return ranksSparse(queries, gallery, latentSize, bothWays, Math.max(1, (n + tiles - 1) / tiles));
    }

    /**
     * The scan, with the gallery cut into tiles of {@code tileRows} rows. Any tiling gives the same ranks:
     * a query's score for a row is summed in the query's latent order whatever the tile. Each tile builds
     * its own inverted index and adds each query's counts to shared totals, so the scan holds a tile's index
     * and scratch per core and a few numbers per row, not an index of the whole gallery.
     */
    static int[][] ranksSparse(LatentCodes queries, LatentCodes gallery, int latentSize, boolean bothWays, int tileRows) {
        int n = queries.rows();
        if (gallery.rows() != n) throw new IllegalArgumentException("retrieval: " + n + " queries but "
                + gallery.rows() + " gallery rows");
        float[] gNorm = rowNorms(gallery);
        float[] qNorm = rowNorms(queries);
        // Every query's own score (its partner's), summed as the scan sums it: bitwise the scan's value.
        float[] partner = partnerScores(queries, qNorm, gallery, gNorm);
        // Per query: gallery rows scoring at least the partner, and rows touched (sharing a latent).
        AtomicIntegerArray rowBetter = new AtomicIntegerArray(n), rowTouched = new AtomicIntegerArray(n);
        int[] colBetter = bothWays ? new int[n] : null, colTouched = bothWays ? new int[n] : null;
        int tiles = Math.max(1, (n + tileRows - 1) / tileRows);
        IntStream.range(0, tiles).parallel().forEach(tile -> {
            int r0 = tile * tileRows, size = Math.min(n, r0 + tileRows) - r0;
            // the tile's inverted index: per latent, the (row in tile, normalised value) pairs in row order
            int[] start = new int[latentSize + 1];
            for (int i = 0; i < size; i++)
                for (int e = 0; e < gallery.k(); e++) if (gallery.value(r0 + i, e) != 0f) start[gallery.index(r0 + i, e) + 1]++;
            for (int j = 0; j < latentSize; j++) start[j + 1] += start[j];
            int[] fill = start.clone();
            int[] postRow = new int[start[latentSize]];
            float[] postVal = new float[start[latentSize]];
            for (int i = 0; i < size; i++) {
                for (int e = 0; e < gallery.k(); e++) {
                    float v = gallery.value(r0 + i, e);
                    if (v == 0f) continue;
                    int at = fill[gallery.index(r0 + i, e)]++;
                    postRow[at] = i;
                    postVal[at] = v / gNorm[r0 + i];
                }
            }
            // Only gallery rows sharing a latent with the query score above 0: the work per query is its
            // postings, not n; the rest of the gallery (score 0) is counted, not scanned.
            float[] scores = new float[size];
            byte[] hit = new byte[size];   // 1 once touched by this query; branch-free bookkeeping below
            int[] touched = new int[size + 1];   // one spare: every posting writes a slot, only new rows advance
            for (int qi = 0; qi < n; qi++) {
                int nt = 0;
                for (int e = 0; e < queries.k(); e++) {
                    float v = queries.value(qi, e);
                    if (v == 0f) continue;
                    int j = queries.index(qi, e);
                    float a = v / qNorm[qi];
                    for (int p = start[j], end = start[j + 1]; p < end; p++) {
                        int r = postRow[p];
                        touched[nt] = r;
                        nt += 1 - hit[r];
                        hit[r] = 1;
                        scores[r] += a * postVal[p];
                    }
                }
                float target = partner[qi];
                int rb = 0, others = 0;
                for (int t = 0; t < nt; t++) {
                    int r = touched[t];
                    float score = scores[r];
                    scores[r] = 0f;
                    hit[r] = 0;
                    if (r + r0 == qi) continue;
                    others++;
                    rb += score >= target ? 1 : 0;
                    if (bothWays) {
                        // the same cosine read by column: is query qi at least gallery row r's own partner?
                        // (each tile writes only its own rows' entries)
                        colBetter[r + r0] += score >= partner[r + r0] ? 1 : 0;
                        colTouched[r + r0]++;
                    }
                }
                rowBetter.addAndGet(qi, rb);
                rowTouched.addAndGet(qi, others);
            }
        });
        int[] ranks = new int[n];
        for (int q = 0; q < n; q++) ranks[q] = 1 + rowBetter.get(q) + untouchedBetter(partner[q], n, rowTouched.get(q));
        if (!bothWays) return new int[][] {ranks};
        int[] back = new int[n];
        for (int r = 0; r < n; r++) back[r] = 1 + colBetter[r] + untouchedBetter(partner[r], n, colTouched[r]);
        return new int[][] {ranks, back};
    }

    /** The other rows sharing no latent score 0: all better or equal exactly when the partner scores <= 0. */
    private static int untouchedBetter(float partnerScore, int n, int touchedOthers) {
        return partnerScore <= 0f ? n - 1 - touchedOthers : 0;
    }

    /** score(queries[i], gallery[i]) for every i, with the scan's operations in the scan's order. */
    private static float[] partnerScores(LatentCodes queries, float[] qNorm, LatentCodes gallery, float[] gNorm) {
        float[] out = new float[queries.rows()];
        for (int i = 0; i < out.length; i++) {
            float score = 0f;
            for (int e = 0; e < queries.k(); e++) {
                float v = queries.value(i, e);
                if (v == 0f) continue;
                float a = v / qNorm[i];
                for (int f = 0; f < gallery.k(); f++)
                    if (gallery.index(i, f) == queries.index(i, e) && gallery.value(i, f) != 0f)
                        score += a * (gallery.value(i, f) / gNorm[i]);
            }
            out[i] = score;
        }
        return out;
    }

    /** The same over the row scores[offset .. offset + n). */
    static int rankOfPartner(float[] scores, int offset, int n, int partner) {
        float target = scores[offset + partner];
        int better = 0;
        for (int j = 0; j < n; j++) if (j != partner && scores[offset + j] >= target) better++;
        return better + 1;
    }

    /** Each of the first n rows of {@code x} scaled to unit length, in place; returns x. */
    static float[] normalise(float[] x, int n, int dim) {
        for (int i = 0; i < n; i++) {
            double ss = 0;
            for (int d = 0; d < dim; d++) ss += (double) x[i * dim + d] * x[i * dim + d];
            if (ss == 0) continue; // a zero row stays zero: cosine 0 with everything
            float inv = (float) (1 / Math.sqrt(ss));
            for (int d = 0; d < dim; d++) x[i * dim + d] *= inv;
        }
        return x;
    }

    private static float[] rowNorms(LatentCodes c) {
        float[] norms = new float[c.rows()];
        for (int i = 0; i < c.rows(); i++) {
            double ss = 0;
            for (int e = 0; e < c.k(); e++) ss += (double) c.value(i, e) * c.value(i, e);
            norms[i] = ss == 0 ? 1f : (float) Math.sqrt(ss);
        }
        return norms;
    }
}
