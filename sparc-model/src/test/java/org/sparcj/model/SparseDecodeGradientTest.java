package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The registered SparseTensorDenseMatMul gradient against TensorFlow's own gradients of the same product
 * written densely (ScatterNd then MatMul), with and without the shared-rows layout declaration, and the row
 * dots it hands the decoder constraint against the dense row dots of the same gradient.
 */
class SparseDecodeGradientTest {
    static final int B = 4, M = 3, K = 3, L = 10, D = 5;

    /**
     * @param sources 0: no layout declared; M: rows b*M+m share sample b's indices; 1: each row declares its own
     * @param sorted  the non-zeros in latent order ({@link SparseCoordinates}), as the model builds them, or row-major
     */
    @ParameterizedTest
    @CsvSource({"0, false", "1, false", "3, false", "0, true", "1, true", "3, true"})
    void sparseDecodeGradientEqualsTheDenseProductsGradient(int sources, boolean sorted) {
        SparseDecodeGradient.ensureRegistered();
        Random rng = new Random(5);
        // Sample b keeps K distinct latents, shared by its M sources (row b*M+m).
        int[] idx = new int[B * K];
        long[] coords = new long[B * M * K * 2];
        for (int b = 0; b < B; b++) {
            List<Integer> perm = new java.util.ArrayList<>();
            for (int l = 0; l < L; l++) perm.add(l);
            java.util.Collections.shuffle(perm, rng);
            for (int j = 0; j < K; j++) idx[b * K + j] = perm.get(j);
            for (int m = 0; m < M; m++)
                for (int j = 0; j < K; j++) {
                    int n = (b * M + m) * K + j;
                    coords[2 * n] = b * M + m;
                    coords[2 * n + 1] = idx[b * K + j];
                }
        }
        float[] values = random(rng, B * M * K), w = random(rng, L * D), c = random(rng, B * M * D);
        try (Graph g = new Graph(); Session session = new Session(g)) {
            try {
                check(g, session, sources, sorted, idx, coords, values, w, c);
            } finally {
                SparseDecodeGradient.forget(g);
            }
        }
    }

    private static void check(Graph g, Session session, int sources, boolean sorted, int[] idx, long[] coords, float[] values,
                              float[] w, float[] c) {
        // with one source per row, the [B*M, K] indices: sample b's repeated for each of its rows
        int[] perRow = new int[B * M * K];
        for (int r = 0; r < B * M; r++) System.arraycopy(idx, (r / M) * K, perRow, r * K, K);
        int[] declared = sources == 1 ? perRow : idx;
        Shape declaredShape = sources == 1 ? Shape.of(B * M, K) : Shape.of(B, K);
        {
            Ops tf = Ops.create(g);
            Variable<TFloat32> v = tf.variable(tf.constant(Shape.of(B * M * K), DataBuffers.of(values)));
            Variable<TFloat32> wv = tf.variable(tf.constant(Shape.of(L, D), DataBuffers.of(w)));
            Operand<TInt64> rowMajor = tf.constant(Shape.of(B * M * K, 2), DataBuffers.of(coords));
            Operand<TInt64> shape = tf.constant(new long[] {B * M, L});
            Operand<TInt32> declaredIdx = tf.constant(declaredShape, DataBuffers.of(declared));
            Operand<TInt64> at = rowMajor;
            Operand<TInt32> order = tf.range(tf.constant(0), tf.constant(B * M * K), tf.constant(1));
            if (sorted) {
                SparseCoordinates byLatent = SparseCoordinates.of(tf, tf.constant(Shape.of(B, K), DataBuffers.of(idx)), M, L);
                at = byLatent.coords();
                order = byLatent.order();
            }
            Operand<TFloat32> entries = tf.gather(v, order, tf.constant(0));
            Operand<TFloat32> weights = tf.constant(Shape.of(B * M, D), DataBuffers.of(c));

            var product = tf.sparse.sparseTensorDenseMatMul(at, entries, shape, wv);
            if (sources > 0) SparseDecodeGradient.shareRows(product, declaredIdx, sources, order);
            Operand<TFloat32> sparseLoss = tf.sum(tf.math.mul(product, weights), tf.constant(new int[] {0, 1}));
            // Two products read the decoder (as the reconstructions and AuxK do): its row dots sum over both.
            var second = tf.sparse.sparseTensorDenseMatMul(at, tf.math.mul(entries, entries), shape, wv);
            if (sources > 0) SparseDecodeGradient.shareRows(second, declaredIdx, sources, order);
            Operand<TFloat32> total = tf.math.add(sparseLoss, tf.sum(tf.math.mul(second, second), tf.constant(new int[] {0, 1})));
            java.util.Map<String, List<Operand<TFloat32>>> rowDots = new java.util.HashMap<>();
            var totalGrads = SparseDecodeGradient.collectingRowDots(rowDots, () -> tf.gradients(total, List.of(wv)));
            var sparseGrads = tf.gradients(sparseLoss, List.of(v, wv));
            assertEquals(java.util.Set.of(wv.op().name()), rowDots.keySet());
            assertEquals(2, rowDots.get(wv.op().name()).size(), "one row-dot term per product");
            Operand<TFloat32> collected = tf.math.addN(rowDots.get(wv.op().name()));
            Operand<TFloat32> direct = tf.sum(tf.math.mul(wv, totalGrads.dy(0)), tf.constant(1));

            Operand<TFloat32> dense = tf.linalg.matMul(tf.scatterNd(rowMajor, v, shape), wv);
            Operand<TFloat32> denseLoss = tf.sum(tf.math.mul(dense, weights), tf.constant(new int[] {0, 1}));
            var denseGrads = tf.gradients(denseLoss, List.of(v, wv));

            session.initialize();
            try (Result r = session.runner().fetch(sparseLoss).fetch(denseLoss)
                    .fetch(sparseGrads.dy(0)).fetch(denseGrads.dy(0)).fetch(sparseGrads.dy(1)).fetch(denseGrads.dy(1)).run()) {
                assertEquals(((TFloat32) r.get(1)).getFloat(), ((TFloat32) r.get(0)).getFloat(), 1e-5f);
                assertArrayEquals(read(r.get(3)), read(r.get(2)), 1e-5f, "gradient of the values");
                assertArrayEquals(read(r.get(5)), read(r.get(4)), 1e-5f, "gradient of the dense matrix");
            }
            try (Result r = session.runner().fetch(direct).fetch(collected).run()) {
                assertArrayEquals(read(r.get(0)), read(r.get(1)), 1e-4f, "row dots d W[j] · W[j] from the non-zeros");
            }
        }
    }

    private static float[] random(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }

    private static float[] read(org.tensorflow.Tensor t) {
        TFloat32 f = (TFloat32) t;
        float[] out = new float[(int) f.shape().size()];
        f.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
