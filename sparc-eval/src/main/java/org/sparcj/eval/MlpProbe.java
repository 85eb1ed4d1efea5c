package org.sparcj.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.sparcj.model.LatentCodes;
import org.sparcj.model.SparseCodes;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The classification probe (docs/METHOD.md, Metrics: MLP probe): an MLP input -> H -> ReLU -> dropout 0.3 -> H ->
 * ReLU -> dropout 0.2 -> classes, trained with BCE-with-logits and a per-class positive weight
 * n_neg / n_pos clamped to [0.1, 10], Adam, on a seeded random 80/20 split; reported: test mAP
 * (macro over classes with a positive in the test part). The network runs as a TensorFlow graph
 * (CPU matrix products); initial weights, batches and dropout masks are drawn from one seeded Java
 * random source: same inputs and seed, same numbers. Latent codes enter as their k entries per row,
 * so the first layer costs k, not L, rows of its weights per sample.
 *
 * @param meanAveragePrecision  input name (e.g. "raw.dino", "cross.dino_to_clip_txt") -> test mAP
 */
public record MlpProbe(Map<String, Double> meanAveragePrecision) {

    /**
     * Rows of an input, each {@code width} entries: with {@code index} null (dense rows, width = dim)
     * row r is value[r * dim ..]; otherwise its entries are columns index[r * width + e] with values
     * value[r * width + e] (latent codes: width k, a zero value contributes nothing).
     */
    public record Features(int rows, int dim, int width, int[] index, float[] value) {
        public Features {
            if (value.length != (long) rows * width || (index == null ? width != dim : index.length != value.length))
                throw new IllegalArgumentException("MLP probe features: " + rows + " rows of width " + width
                        + " need " + (long) rows * width + " values, got " + value.length);
        }

        public static Features dense(float[] x, int rows, int dim) {
            return new Features(rows, dim, dim, null, Arrays.copyOf(x, rows * dim));
        }

        public static Features sparse(LatentCodes codes, int latentSize) {
            SparseCodes c = codes.copyRows(0, codes.rows());
            return new Features(c.rows(), latentSize, c.k(), c.indices(), c.values());
        }
    }

    /**
     * @param inputs  name -> features, all with the same rows
     * @param labels  labels[row]: class indices of that row (any ints >= 0)
     */
    public static MlpProbe compute(Map<String, Features> inputs, int[][] labels, EvalConfig cfg) {
        int n = labels.length;
        TreeSet<Integer> present = new TreeSet<>();
        for (int[] ls : labels) for (int c : ls) present.add(c);
        int[] classes = present.stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, Integer> column = new LinkedHashMap<>();
        for (int i = 0; i < classes.length; i++) column.put(classes[i], i);
        boolean[][] y = new boolean[n][classes.length];
        for (int r = 0; r < n; r++) for (int c : labels[r]) y[r][column.get(c)] = true;

        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        OneDimProbe.shuffle(perm, new SplittableRandom(cfg.seed()));
        int nTest = (int) Math.round(cfg.mlpTestFraction() * n);
        int[] test = Arrays.copyOfRange(perm, 0, nTest);
        int[] train = Arrays.copyOfRange(perm, nTest, n);
        Map<String, Double> out = new LinkedHashMap<>();
        if (classes.length == 0 || train.length == 0 || test.length == 0) return new MlpProbe(Collections.unmodifiableMap(out));
        for (Map.Entry<String, Features> e : inputs.entrySet()) {
            Features f = e.getValue();
            if (f.rows() != n) throw new IllegalArgumentException("MLP probe: input '" + e.getKey() + "' has "
                    + f.rows() + " rows, labels have " + n);
            float[][] scores;
            try (Mlp net = new Mlp(f, cfg.mlpHidden(), classes.length, new SplittableRandom(cfg.seed() + 7))) {
                net.train(y, train, cfg);
                scores = net.predict(test);
            }
            boolean[][] truth = new boolean[test.length][];
            for (int i = 0; i < test.length; i++) truth[i] = y[test[i]];
            out.put(e.getKey(), meanAveragePrecision(scores, truth));
        }
        return new MlpProbe(Collections.unmodifiableMap(out));
    }

    /** Macro mean of {@link #averagePrecision} over the columns with at least one positive; NaN if none. */
    public static double meanAveragePrecision(float[][] scores, boolean[][] truth) {
        if (scores.length == 0) return Double.NaN;
        int c = scores[0].length;
        double sum = 0;
        int used = 0;
        for (int j = 0; j < c; j++) {
            double[] s = new double[scores.length];
            boolean[] t = new boolean[scores.length];
            boolean any = false;
            for (int i = 0; i < scores.length; i++) {
                s[i] = scores[i][j];
                t[i] = truth[i][j];
                any |= t[i];
            }
            if (!any) continue;
            sum += averagePrecision(s, t);
            used++;
        }
        return used == 0 ? Double.NaN : sum / used;
    }

    /**
     * Average precision as scikit-learn defines it: sum over distinct score thresholds (descending)
     * of (recall gained at the threshold) x (precision at the threshold); tied scores form one threshold.
     */
    public static double averagePrecision(double[] scores, boolean[] truth) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int positives = 0;
        for (boolean t : truth) if (t) positives++;
        if (positives == 0) return Double.NaN;
        double ap = 0;
        int tp = 0;
        int seen = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            int gained = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                if (truth[order[j]]) gained++;
                j++;
            }
            tp += gained;
            seen = j;
            if (gained > 0) ap += ((double) gained / positives) * ((double) tp / seen);
            i = j;
        }
        return ap;
    }

    /**
     * The two-hidden-layer network as a TensorFlow graph: forward pass, its backward pass written out
     * (the gradient of the weighted BCE at the logits, then three dense layers), and TensorFlow's
     * ApplyAdam kernel with the bias correction fed each step, as PyTorch's Adam. Initial weights,
     * batch order and dropout masks come from the seeded Java random source, so the same inputs and
     * seed give the same graph inputs, and the same numbers.
     */
    private static final class Mlp implements AutoCloseable {
        private static final float DROP1 = 0.3f, DROP2 = 0.2f;
        private static final float BETA1 = 0.9f, BETA2 = 0.999f;
        private static final double EPS = 1e-8;

        private final int hidden, out;
        private final Features features;
        private final SplittableRandom rng;
        private final Graph graph = new Graph();
        private final Session session;
        /** Dense rows [nb x in], or (sparse input) per-row entries: columns and values [nb x width]. */
        private final Placeholder<TFloat32> x;
        private final Placeholder<TInt32> columns;
        /** Dropout: 0 or 1/(1 - p) per hidden unit, [nb x hidden]; all 1 to predict. */
        private final Placeholder<TFloat32> keep1, keep2;
        private final Placeholder<TFloat32> y, posWeight, gradScale, stepSize, epsilonHat;
        private final Operand<TFloat32> logits;
        private final Op trainStep;
        private final List<Placeholder<TFloat32>> initValue = new ArrayList<>();
        private final List<Op> init = new ArrayList<>();
        private long step;

        Mlp(Features f, int hidden, int out, SplittableRandom rng) {
            this.hidden = hidden;
            this.out = out;
            this.features = f;
            this.rng = rng;
            Ops tf = Ops.create(graph);
            int in = f.dim();
            boolean sparse = f.index() != null;
            x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, sparse ? f.width() : in)));
            columns = sparse ? tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, f.width()))) : null;
            keep1 = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, hidden)));
            keep2 = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, hidden)));
            y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, out)));
            posWeight = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(out)));
            gradScale = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            stepSize = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            epsilonHat = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

            // parameters in the order they are initialised: w1, b1, w2, b2, w3, b3
            int[][] shapes = {{in, hidden}, {hidden, hidden}, {hidden, out}};
            List<Variable<TFloat32>> params = new ArrayList<>();
            for (int[] s : shapes) {
                params.add(variable(tf, Shape.of(s[0], s[1])));
                params.add(variable(tf, Shape.of(s[1])));
            }
            List<Variable<TFloat32>> m1 = new ArrayList<>(), m2 = new ArrayList<>();
            for (Variable<TFloat32> p : params) {
                m1.add(variable(tf, p.shape()));
                m2.add(variable(tf, p.shape()));
            }
            Variable<TFloat32> w1 = params.get(0), b1 = params.get(1), w2 = params.get(2), b2 = params.get(3),
                    w3 = params.get(4), b3 = params.get(5);

            // forward; a sparse input sums its rows' entries of w1 (k per row for latent codes)
            Operand<TFloat32> z1 = tf.math.add(sparse
                    ? tf.reduceSum(tf.math.mul(tf.gather(w1, columns, tf.constant(0)), tf.expandDims(x, tf.constant(-1))),
                            tf.constant(1))
                    : tf.linalg.matMul(x, w1), b1);
            Operand<TFloat32> h1 = tf.math.mul(tf.nn.relu(z1), keep1);
            Operand<TFloat32> z2 = tf.math.add(tf.linalg.matMul(h1, w2), b2);
            Operand<TFloat32> h2 = tf.math.mul(tf.nn.relu(z2), keep2);
            logits = tf.math.add(tf.linalg.matMul(h2, w3), b3);

            // d(mean weighted BCE)/d logits: posWeight (p - 1) on a positive, p on a negative, over nb x out
            Operand<TFloat32> p = tf.math.sigmoid(logits);
            Operand<TFloat32> positive = tf.math.mul(tf.math.mul(y, posWeight), tf.math.sub(p, tf.constant(1f)));
            Operand<TFloat32> negative = tf.math.mul(tf.math.sub(tf.constant(1f), y), p);
            Operand<TFloat32> g3 = tf.math.mul(tf.math.add(positive, negative), gradScale);
            // ReLU and dropped units pass no gradient; kept units pass it scaled like their value
            Operand<TFloat32> g2 = tf.nn.reluGrad(tf.math.mul(tf.linalg.matMul(g3, w3, MatMul.transposeB(true)), keep2), z2);
            Operand<TFloat32> g1 = tf.nn.reluGrad(tf.math.mul(tf.linalg.matMul(g2, w2, MatMul.transposeB(true)), keep1), z1);
            Operand<TFloat32> gw1 = sparse
                    ? tf.math.unsortedSegmentSum(tf.math.mul(tf.expandDims(x, tf.constant(-1)), tf.expandDims(g1, tf.constant(1))),
                            columns, tf.constant(in))
                    : tf.linalg.matMul(x, g1, MatMul.transposeA(true));
            List<Operand<TFloat32>> grads = List.of(gw1, tf.reduceSum(g1, tf.constant(0)),
                    tf.linalg.matMul(h1, g2, MatMul.transposeA(true)), tf.reduceSum(g2, tf.constant(0)),
                    tf.linalg.matMul(h2, g3, MatMul.transposeA(true)), tf.reduceSum(g3, tf.constant(0)));

            // every update writes a variable in place: all wait until every gradient has read the old values
            List<Op> gradDeps = new ArrayList<>();
            for (Operand<TFloat32> g : grads) gradDeps.add(tf.identity(g));
            Ops afterGrads = tf.withControlDependencies(gradDeps);
            Operand<TFloat32> b1c = tf.constant(BETA1), b2c = tf.constant(BETA2), noPower = tf.constant(0f);
            List<Op> updates = new ArrayList<>();
            for (int i = 0; i < params.size(); i++)
                updates.add(afterGrads.train.applyAdam(params.get(i), m1.get(i), m2.get(i), noPower, noPower,
                        stepSize, b1c, b2c, epsilonHat, grads.get(i)));
            trainStep = tf.withControlDependencies(updates).noOp();
            session = new Session(graph);

            // PyTorch's nn.Linear default: weights and biases uniform in +-1/sqrt(fan_in); Adam's moments 0
            for (int l = 0; l < 3; l++) {
                double bound = 1 / Math.sqrt(shapes[l][0]);
                assign(2 * l, uniform(shapes[l][0] * shapes[l][1], bound));
                assign(2 * l + 1, uniform(shapes[l][1], bound));
            }
            for (int i = params.size(); i < initValue.size(); i++)
                assign(i, new float[(int) initValue.get(i).shape().size()]);
        }

        private Variable<TFloat32> variable(Ops tf, Shape shape) {
            Variable<TFloat32> v = tf.variable(shape, TFloat32.class);
            Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
            initValue.add(value);
            init.add(tf.assign(v, value));
            return v;
        }

        private float[] uniform(int size, double bound) {
            float[] a = new float[size];
            for (int i = 0; i < size; i++) a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            return a;
        }

        private void assign(int i, float[] value) {
            try (TFloat32 t = tensor(value, initValue.get(i).shape())) {
                session.runner().feed(initValue.get(i), t).addTarget(init.get(i)).run();
            }
        }

        private static TFloat32 tensor(float[] a, Shape shape) {
            return TFloat32.tensorOf(shape, DataBuffers.of(a, true, false));
        }

        void train(boolean[][] labels, int[] trainRows, EvalConfig cfg) {
            float[] weight = new float[out];
            for (int c = 0; c < out; c++) {
                int pos = 0;
                for (int r : trainRows) if (labels[r][c]) pos++;
                double ratio = pos == 0 ? 10 : (double) (trainRows.length - pos) / pos;
                weight[c] = (float) Math.max(0.1, Math.min(10, ratio));
            }
            int[] order = trainRows.clone();
            int bs = cfg.mlpBatchSize();
            try (TFloat32 weightT = tensor(weight, Shape.of(out))) {
                for (int epoch = 0; epoch < cfg.mlpEpochs(); epoch++) {
                    OneDimProbe.shuffle(order, rng);
                    for (int b0 = 0; b0 < order.length; b0 += bs)
                        step(labels, Arrays.copyOfRange(order, b0, Math.min(order.length, b0 + bs)), weightT, cfg.mlpLearningRate());
                }
            }
        }

        private void step(boolean[][] labels, int[] batch, TFloat32 weightT, double lr) {
            int nb = batch.length;
            float[] target = new float[nb * out];
            for (int i = 0; i < nb; i++) for (int c = 0; c < out; c++) if (labels[batch[i]][c]) target[i * out + c] = 1f;
            step++;
            // Adam's bias correction in double, as PyTorch; TensorFlow's kernel adds epsilon to sqrt(v), so it is scaled
            double c1 = 1 - Math.pow(BETA1, step), c2 = 1 - Math.pow(BETA2, step);
            Batch in = batch(batch);
            try (in; TFloat32 k1 = tensor(dropout(nb, DROP1), Shape.of(nb, hidden));
                 TFloat32 k2 = tensor(dropout(nb, DROP2), Shape.of(nb, hidden));
                 TFloat32 yT = tensor(target, Shape.of(nb, out));
                 TFloat32 scale = TFloat32.scalarOf(1f / (nb * out));
                 TFloat32 size = TFloat32.scalarOf((float) (lr * Math.sqrt(c2) / c1));
                 TFloat32 eps = TFloat32.scalarOf((float) (EPS * Math.sqrt(c2)))) {
                in.feed(session.runner()).feed(keep1, k1).feed(keep2, k2).feed(y, yT).feed(posWeight, weightT)
                        .feed(gradScale, scale).feed(stepSize, size).feed(epsilonHat, eps).addTarget(trainStep).run();
            }
        }

        private float[] dropout(int nb, float drop) {
            float[] keep = new float[nb * hidden];
            float scale = 1 / (1 - drop);
            for (int i = 0; i < keep.length; i++) keep[i] = rng.nextDouble() < drop ? 0f : scale;
            return keep;
        }

        /** The input rows of a batch as the graph's x (and columns) tensors. */
        private Batch batch(int[] rows) {
            int nb = rows.length, w = features.width();
            float[] v = new float[nb * w];
            for (int i = 0; i < nb; i++) System.arraycopy(features.value(), rows[i] * w, v, i * w, w);
            TFloat32 xT = tensor(v, Shape.of(nb, w));
            if (features.index() == null) return new Batch(xT, null);
            int[] c = new int[nb * w];
            for (int i = 0; i < nb; i++) System.arraycopy(features.index(), rows[i] * w, c, i * w, w);
            return new Batch(xT, TInt32.tensorOf(Shape.of(nb, w), DataBuffers.of(c, true, false)));
        }

        private final class Batch implements AutoCloseable {
            private final TFloat32 values;
            private final TInt32 cols;

            Batch(TFloat32 values, TInt32 cols) {
                this.values = values;
                this.cols = cols;
            }

            Session.Runner feed(Session.Runner r) {
                r.feed(x, values);
                return cols == null ? r : r.feed(columns, cols);
            }

            @Override
            public void close() {
                values.close();
                if (cols != null) cols.close();
            }
        }

        float[][] predict(int[] rows) {
            float[][] scores = new float[rows.length][out];
            int bs = 256;
            for (int b0 = 0; b0 < rows.length; b0 += bs) {
                int nb = Math.min(bs, rows.length - b0);
                float[] ones = new float[nb * hidden];
                Arrays.fill(ones, 1f);
                try (Batch in = batch(Arrays.copyOfRange(rows, b0, b0 + nb));
                     TFloat32 k = tensor(ones, Shape.of(nb, hidden));
                     Result res = in.feed(session.runner()).feed(keep1, k).feed(keep2, k).fetch(logits).run()) {
                    float[] o = new float[nb * out];
                    ((TFloat32) res.get(0)).copyTo(DataBuffers.of(o, false, false));
                    for (int i = 0; i < nb; i++) System.arraycopy(o, i * out, scores[b0 + i], 0, out);
                }
            }
            return scores;
        }

        @Override
        public void close() {
            session.close();
            graph.close();
        }
    }
}
