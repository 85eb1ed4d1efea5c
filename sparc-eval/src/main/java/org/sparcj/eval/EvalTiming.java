package org.sparcj.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.SparseCodes;

/**
 * Times the evaluation pipeline at paper scale without a trained model: random features
 * (generated per row, never all in memory), a synthetic sparse autoencoder (seeded random TopK
 * codes, a real sparse decode with a random decoder) and random labels on a 3-level taxonomy.
 * Prints the wall time per part, the time spent inside the synthetic model, and the rest (the
 * evaluation's own cost).
 *
 * <p>Usage: {@code EvalTiming [rows=100000] [latents=8192] [k=64] [retrievalRows=5000] [mlpRows=0]}
 * (mlpRows > 0 also runs the MLP probe on that many rows).
 */
public final class EvalTiming {
    private EvalTiming() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int latents = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int retrievalRows = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
        int mlpRows = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        List<StreamInfo> streams = List.of(new StreamInfo("dino", 1024), new StreamInfo("clip_img", 768),
                new StreamInfo("clip_txt", 768));
        SyntheticModel model = new SyntheticModel(streams, latents, k, 7);
        RandomDataset data = new RandomDataset(streams, n, 11);
        SampleLabels labels = randomLabels(n, 13);
        long[] rows = new long[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        EvalConfig cfg = EvalConfig.defaults().with("retrieval_max_rows", retrievalRows, "probes_mlp", mlpRows > 0, "mlp_max_rows", mlpRows);
        System.out.printf("EvalTiming: rows %d, L %d, k %d, M %d, retrieval gallery %d, %d taxonomy nodes (500 leaf classes), %d cores%n",
                n, latents, k, streams.size(), retrievalRows, labels.taxonomy().size(),
                Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        EvaluationReport report = new SparcEvaluator(cfg).evaluate(model, data, rows, labels);
        double total = (System.nanoTime() - t0) / 1e9;
        double modelSeconds = model.nanos.get() / 1e9;
        double dataSeconds = data.nanos.get() / 1e9;
        for (Map.Entry<String, Double> e : report.timingsSeconds().entrySet())
            System.out.printf("  %-10s %8.2f s%n", e.getKey(), e.getValue());
        System.out.printf("total %.2f s; inside the synthetic model %.2f s; generating features %.2f s; "
                + "evaluation itself %.2f s%n", total, modelSeconds, dataSeconds, total - modelSeconds - dataSeconds);
        System.out.printf("check: probe1d classes %d, jaccard_mean %.4f, retrieval.latent.r_at_1_mean %.4f%n",
                report.probe1d().classes().length, report.jaccard().mean(),
                report.flatMetrics().getOrDefault("retrieval.latent.r_at_1_mean", Double.NaN));
    }

    /** root -> 10 groups -> 10 kinds each -> 5 leaves each (611 nodes); every sample carries 1 to 4 leaves. */
    static SampleLabels randomLabels(int n, long seed) {
        List<String> ids = new ArrayList<>(List.of("root"));
        List<Integer> parents = new ArrayList<>(List.of(-1));
        List<Integer> leaves = new ArrayList<>();
        for (int g = 0; g < 10; g++) {
            int gi = ids.size();
            ids.add("g" + g);
            parents.add(0);
            for (int c = 0; c < 10; c++) {
                int ci = ids.size();
                ids.add("g" + g + "c" + c);
                parents.add(gi);
                for (int l = 0; l < 5; l++) {
                    leaves.add(ids.size());
                    ids.add("g" + g + "c" + c + "l" + l);
                    parents.add(ci);
                }
            }
        }
        Taxonomy tax = new Taxonomy(ids, ids, parents.stream().mapToInt(Integer::intValue).toArray());
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] labels = new int[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = new int[1 + rng.nextInt(4)];
            for (int j = 0; j < labels[i].length; j++) labels[i][j] = leaves.get(rng.nextInt(leaves.size()));
        }
        return new SampleLabels(tax, labels);
    }

    /** Gaussian features generated per (row, stream) from a seed: the same row always reads the same. */
    static final class RandomDataset implements MultiStreamDataset {
        private final List<StreamInfo> streams;
        private final int size;
        private final long seed;
        final AtomicLong nanos = new AtomicLong();

        RandomDataset(List<StreamInfo> streams, int size, long seed) {
            this.streams = streams;
            this.size = size;
            this.seed = seed;
        }

        @Override public List<StreamInfo> streams() { return streams; }
        @Override public long size() { return size; }
        @Override public String sampleId(long row) { return Long.toString(row); }

        @Override
        public void readRows(int stream, long[] rows, float[] dest) {
            long t = System.nanoTime();
            int d = streams.get(stream).dim();
            for (int i = 0; i < rows.length; i++) {
                SplittableRandom rng = new SplittableRandom(seed + rows[i] * 31 + stream);
                for (int j = 0; j < d; j++) dest[i * d + j] = (float) rng.nextGaussian();
            }
            nanos.addAndGet(System.nanoTime() - t);
        }
    }

    /**
     * Not a trained model: codes are k distinct random latents per row (seeded by the row's first
     * features; joint encoding shares stream 0's indices across streams, like Global TopK), decoding
     * is a real sparse decode with a random decoder, rows in parallel.
     */
    static final class SyntheticModel implements SparseAutoencoder {
        private final List<StreamInfo> streams;
        private final int latents;
        private final int k;
        private final float[][] decoder;
        final AtomicLong nanos = new AtomicLong();

        SyntheticModel(List<StreamInfo> streams, int latents, int k, long seed) {
            this.streams = streams;
            this.latents = latents;
            this.k = k;
            SplittableRandom rng = new SplittableRandom(seed);
            decoder = new float[streams.size()][];
            for (int s = 0; s < streams.size(); s++) {
                int d = streams.get(s).dim();
                decoder[s] = new float[latents * d];
                for (int i = 0; i < decoder[s].length; i++) decoder[s][i] = (float) (rng.nextGaussian() / Math.sqrt(d));
            }
        }

        @Override public List<StreamInfo> streams() { return streams; }
        @Override public int latentSize() { return latents; }
        @Override public int k() { return k; }

        private static long rowSeed(float[] x, int row, int dim) {
            long h = 17;
            for (int j = 0; j < 4; j++) h = h * 1_000_003 + Float.floatToIntBits(x[row * dim + j]);
            return h;
        }

        private SparseCodes codes(float[] x, int rows, int dim, float[] indexSource, int indexDim, long salt) {
            int[] idx = new int[rows * k];
            float[] val = new float[rows * k];
            boolean[] used = new boolean[latents];
            for (int r = 0; r < rows; r++) {
                SplittableRandom pick = new SplittableRandom(rowSeed(indexSource, r, indexDim));
                SplittableRandom values = new SplittableRandom(rowSeed(x, r, dim) + salt);
                for (int e = 0; e < k; e++) {
                    int j;
                    do j = pick.nextInt(latents); while (used[j]);
                    used[j] = true;
                    idx[r * k + e] = j;
                    double v = -Math.log(1 - values.nextDouble());
                    val[r * k + e] = values.nextInt(8) == 0 ? 0f : (float) v; // some kept latents ReLU'd to 0
                }
                for (int e = 0; e < k; e++) used[idx[r * k + e]] = false;
            }
            return new SparseCodes(rows, k, idx, val);
        }

        @Override
        public SparseCodes encode(int stream, float[] x, int rows) {
            long t = System.nanoTime();
            int d = streams.get(stream).dim();
            SparseCodes c = codes(x, rows, d, x, d, stream);
            nanos.addAndGet(System.nanoTime() - t);
            return c;
        }

        @Override
        public SparseCodes[] encodeJoint(float[][] xs, int rows) {
            long t = System.nanoTime();
            SparseCodes[] out = new SparseCodes[xs.length];
            for (int s = 0; s < xs.length; s++)
                out[s] = codes(xs[s], rows, streams.get(s).dim(), xs[0], streams.get(0).dim(), s);
            nanos.addAndGet(System.nanoTime() - t);
            return out;
        }

        @Override
        public float[] decode(int target, SparseCodes codes) {
            long t = System.nanoTime();
            int d = streams.get(target).dim();
            float[] out = new float[codes.rows() * d];
            float[] w = decoder[target];
            // rows in parallel, as a real model's decode (TensorFlow) uses every core
            java.util.stream.IntStream.range(0, codes.rows()).parallel().forEach(r -> {
                for (int e = 0; e < codes.k(); e++) {
                    float v = codes.value(r, e);
                    if (v == 0f) continue;
                    int row = codes.index(r, e) * d;
                    for (int i = 0; i < d; i++) out[r * d + i] += v * w[row + i];
                }
            });
            nanos.addAndGet(System.nanoTime() - t);
            return out;
        }
    }
}
