package org.sparcj.eval;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.sparcj.model.SparseCodes;
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
        float[] q = normalised(queries, n, dim);
        float[] g = normalised(gallery, n, dim);
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
                        DataBuffers.of(Arrays.copyOfRange(q, q0 * dim, (q0 + nb) * dim), true, false));
                     Result res = session.runner().feed(qp, queryT).feed(gp, galleryT).fetch(product).run()) {
                    ((TFloat32) res.get(0)).copyTo(DataBuffers.of(scores, false, false).narrow((long) nb * n));
                }
                for (int i = 0; i < nb; i++) ranks[q0 + i] = rankOfPartner(scores, i * n, n, q0 + i);
            }
        }
        return ranks;
    }

    /** Ranks for sparse latent codes: both have the same rows; similarity is the cosine of the dense codes. */
    public static int[] ranksSparse(SparseCodes queries, SparseCodes gallery, int latentSize) {
        return ranksSparse(queries, gallery, latentSize, false)[0];
    }

    /**
     * Both directions from one scan: [0] ranks a's rows against b's ({@link #ranksSparse(SparseCodes,
     * SparseCodes, int)}(a, b)), [1] b's against a's. The cosine matrix is the same read by rows or by
     * columns, so while a row of a is scored against b, every b row it touches is also checked against
     * that b row's own partner score: half the work of two calls.
     */
    public static int[][] ranksSparseBothWays(SparseCodes a, SparseCodes b, int latentSize) {
        return ranksSparse(a, b, latentSize, true);
    }

    private static int[][] ranksSparse(SparseCodes queries, SparseCodes gallery, int latentSize, boolean bothWays) {
        int n = queries.rows();
        if (gallery.rows() != n) throw new IllegalArgumentException("retrieval: " + n + " queries but "
                + gallery.rows() + " gallery rows");
        // inverted index of the gallery: per latent, the (row, normalised value) pairs
        int[] start = new int[latentSize + 1];
        float[] gNorm = rowNorms(gallery);
        for (int i = 0; i < n; i++)
            for (int e = 0; e < gallery.k(); e++) if (gallery.value(i, e) != 0f) start[gallery.index(i, e) + 1]++;
        for (int j = 0; j < latentSize; j++) start[j + 1] += start[j];
        int[] fill = start.clone();
        int[] postRow = new int[start[latentSize]];
        float[] postVal = new float[start[latentSize]];
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < gallery.k(); e++) {
                float v = gallery.value(i, e);
                if (v == 0f) continue;
                int at = fill[gallery.index(i, e)]++;
                postRow[at] = i;
                postVal[at] = v / gNorm[i];
            }
        }
        float[] qNorm = rowNorms(queries);
        // The partner scores, summed in the scan's order (so bitwise the scan's): a gallery row's own target.
        float[] partner = bothWays ? partnerScores(queries, qNorm, gallery, gNorm) : null;
        int[] ranks = new int[n];
        // Queries in a fixed number of chunks, each with its own column counts (summed after: integers, so
        // the result does not depend on the threads).
        int chunks = bothWays ? Math.max(1, Math.min(8, n / 2048)) : Math.max(1, (n + 255) / 256);
        int[][] colBetter = new int[bothWays ? chunks : 0][];
        int[][] colTouched = new int[bothWays ? chunks : 0][];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            // Only gallery rows sharing a latent with the query score above 0: the work per query is its
            // postings, not n; the rest of the gallery (score 0) is counted, not scanned.
            float[] scores = new float[n];
            boolean[] hit = new boolean[n];
            int[] touched = new int[n];
            int[] better = bothWays ? new int[n] : null, touchedBy = bothWays ? new int[n] : null;
            int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            for (int qi = from; qi < to; qi++) {
                int nt = 0;
                for (int e = 0; e < queries.k(); e++) {
                    float v = queries.value(qi, e);
                    if (v == 0f) continue;
                    int j = queries.index(qi, e);
                    float a = v / qNorm[qi];
                    for (int p = start[j]; p < start[j + 1]; p++) {
                        int r = postRow[p];
                        if (!hit[r]) {
                            hit[r] = true;
                            touched[nt++] = r;
                        }
                        scores[r] += a * postVal[p];
                    }
                }
                float target = scores[qi];
                int rowBetter = 0;
                for (int t = 0; t < nt; t++) {
                    int r = touched[t];
                    if (r == qi) continue;
                    if (scores[r] >= target) rowBetter++;
                    if (bothWays) {
                        touchedBy[r]++;
                        if (scores[r] >= partner[r]) better[r]++;
                    }
                }
                if (target <= 0f) rowBetter += n - nt - (hit[qi] ? 0 : 1);
                ranks[qi] = rowBetter + 1;
                for (int t = 0; t < nt; t++) {
                    scores[touched[t]] = 0f;
                    hit[touched[t]] = false;
                }
            }
            if (bothWays) {
                colBetter[c] = better;
                colTouched[c] = touchedBy;
            }
        });
        if (!bothWays) return new int[][] {ranks};
        int[] back = new int[n];
        for (int r = 0; r < n; r++) {
            int better = 0, touchedBy = 0;
            for (int c = 0; c < chunks; c++) {
                better += colBetter[c][r];
                touchedBy += colTouched[c][r];
            }
            // rows that share no latent with r score 0: better or equal exactly when r's partner score is <= 0
            if (partner[r] <= 0f) better += n - 1 - touchedBy;
            back[r] = better + 1;
        }
        return new int[][] {ranks, back};
    }

    /** score(queries[i], gallery[i]) for every i, with the scan's operations in the scan's order. */
    private static float[] partnerScores(SparseCodes queries, float[] qNorm, SparseCodes gallery, float[] gNorm) {
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

    private static float[] normalised(float[] x, int n, int dim) {
        float[] out = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double ss = 0;
            for (int d = 0; d < dim; d++) ss += (double) x[i * dim + d] * x[i * dim + d];
            if (ss == 0) continue; // a zero row stays zero: cosine 0 with everything
            float inv = (float) (1 / Math.sqrt(ss));
            for (int d = 0; d < dim; d++) out[i * dim + d] = x[i * dim + d] * inv;
        }
        return out;
    }

    private static float[] rowNorms(SparseCodes c) {
        float[] norms = new float[c.rows()];
        for (int i = 0; i < c.rows(); i++) {
            double ss = 0;
            for (int e = 0; e < c.k(); e++) ss += (double) c.value(i, e) * c.value(i, e);
            norms[i] = ss == 0 ? 1f : (float) Math.sqrt(ss);
        }
        return norms;
    }
}
