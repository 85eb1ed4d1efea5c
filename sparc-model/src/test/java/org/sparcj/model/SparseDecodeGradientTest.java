package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 * written densely (ScatterNd then MatMul), with and without the shared-rows layout declaration.
 */
class SparseDecodeGradientTest {
    static final int B = 4, M = 3, K = 3, L = 10, D = 5;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sparseDecodeGradientEqualsTheDenseProductsGradient(boolean shareRows) {
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
                check(g, session, shareRows, idx, coords, values, w, c);
            } finally {
                SparseDecodeGradient.forget(g);
            }
        }
    }

    private static void check(Graph g, Session session, boolean shareRows, int[] idx, long[] coords, float[] values,
                              float[] w, float[] c) {
        {
            Ops tf = Ops.create(g);
            Variable<TFloat32> v = tf.variable(tf.constant(Shape.of(B * M * K), DataBuffers.of(values)));
            Variable<TFloat32> wv = tf.variable(tf.constant(Shape.of(L, D), DataBuffers.of(w)));
            Operand<TInt64> at = tf.constant(Shape.of(B * M * K, 2), DataBuffers.of(coords));
            Operand<TInt64> shape = tf.constant(new long[] {B * M, L});
            Operand<TFloat32> weights = tf.constant(Shape.of(B * M, D), DataBuffers.of(c));

            var product = tf.sparse.sparseTensorDenseMatMul(at, v, shape, wv);
            if (shareRows) SparseDecodeGradient.shareRows(product, tf.constant(Shape.of(B, K), DataBuffers.of(idx)), M);
            Operand<TFloat32> sparseLoss = tf.sum(tf.math.mul(product, weights), tf.constant(new int[] {0, 1}));
            var sparseGrads = tf.gradients(sparseLoss, List.of(v, wv));

            Operand<TFloat32> dense = tf.linalg.matMul(tf.scatterNd(at, v, shape), wv);
            Operand<TFloat32> denseLoss = tf.sum(tf.math.mul(dense, weights), tf.constant(new int[] {0, 1}));
            var denseGrads = tf.gradients(denseLoss, List.of(v, wv));

            session.initialize();
            try (Result r = session.runner().fetch(sparseLoss).fetch(denseLoss)
                    .fetch(sparseGrads.dy(0)).fetch(denseGrads.dy(0)).fetch(sparseGrads.dy(1)).fetch(denseGrads.dy(1)).run()) {
                assertEquals(((TFloat32) r.get(1)).getFloat(), ((TFloat32) r.get(0)).getFloat(), 1e-5f);
                assertArrayEquals(read(r.get(3)), read(r.get(2)), 1e-5f, "gradient of the values");
                assertArrayEquals(read(r.get(5)), read(r.get(4)), 1e-5f, "gradient of the dense matrix");
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
