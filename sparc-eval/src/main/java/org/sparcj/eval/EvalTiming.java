package org.sparcj.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.RandomFeatureStore;
import org.sparcj.model.CpuAllocator;
import org.sparcj.model.SparcConfig;
import org.sparcj.model.SparcModel;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.SparseCodes;

/**
 * Times the whole evaluation at paper scale with the real model: a {@link SparcModel} (untrained,
 * seeded initialisation) on a memory-mapped {@link FeatureStore} of Gaussian features (written once,
 * then reused), with random labels on a 3-level taxonomy. Latent retrieval runs against the full
 * gallery; the dense retrieval families (whose cost grows as rows squared times the width) and the
 * MLP probe are timed on their own lines with their own row caps. Prints the wall time per part, the
 * time inside the model, and the peak anonymous memory (RssAnon, sampled), which stays far below the
 * store's size because features are read from the mapping batch by batch. A command, not a test.
 *
 * <p>Usage: {@code EvalTiming [--rows 126020] [--latents 8192] [--k 64] [--dense-rows 5000] [--mlp-rows 0]
 * [--batch 1024] [--store DIR]} (default store: target/eval-timing-store-ROWS).
 */
public final class EvalTiming {
    private EvalTiming() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = 126_020, latents = 8192, k = 64, denseRows = 5000, mlpRows = 0, batch = EvalConfig.defaults().batchSize();
        Path storeDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> n = Integer.parseInt(args[++i]);
                case "--latents" -> latents = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--dense-rows" -> denseRows = Integer.parseInt(args[++i]);
                case "--mlp-rows" -> mlpRows = Integer.parseInt(args[++i]);
                case "--store" -> storeDir = Path.of(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: EvalTiming [--rows N] [--latents L] [--k K] [--dense-rows N] [--mlp-rows N] [--batch N] [--store DIR]");
            }
        }
        List<StreamInfo> streams = List.of(new StreamInfo("dino", 1024), new StreamInfo("clip_img", 768),
                new StreamInfo("clip_txt", 768));
        if (storeDir == null) storeDir = Path.of("target", "eval-timing-store-" + n);
        long t0 = System.nanoTime();
        boolean written = RandomFeatureStore.writeIfMissing(storeDir, streams, n, 11);
        double storeSeconds = (System.nanoTime() - t0) / 1e9;
        RssAnon rss = RssAnon.start();
        SampleLabels labels = randomLabels(n, 13);
        long[] rows = new long[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        EvalConfig cfg = EvalConfig.defaults().with("retrieval_max_rows", 0, "retrieval_dense_max_rows", denseRows,
                "probes_mlp", mlpRows > 0, "mlp_max_rows", mlpRows, "batch_size", batch);
        long storeBytes = (long) n * streams.stream().mapToInt(StreamInfo::dim).sum() * Float.BYTES;
        try (FeatureStore data = FeatureStore.open(storeDir);
             // No Adam state, as `bin/sparc eval` loads a checkpoint (released moments would stay in TensorFlow's pool).
             SparcModel sparc = SparcModel.createForInference(SparcConfig.defaults(streams).with("latent_size", latents, "k", k))) {
            TimedModel model = new TimedModel(sparc);
            long rssModel = RssAnon.read();
            System.out.printf(Locale.ROOT, "EvalTiming: rows %d, L %d, k %d, M %d (dims 1024/768/768), SparcModel %s TopK "
                            + "(untrained), store %s (%.2f GB, memory-mapped, %s %.1f s), latent gallery %d rows, dense "
                            + "gallery %d rows, MLP rows %d, %d taxonomy nodes (500 leaf classes), %d cores, max heap %.1f GB%n%s%n",
                    n, latents, k, streams.size(), sparc.config().topK(), storeDir, storeBytes / 1e9,
                    written ? "written in" : "reused, checked in", storeSeconds, n, denseRows == 0 ? n : Math.min(n, denseRows),
                    mlpRows, labels.taxonomy().size(), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() / 1e9, CpuAllocator.describe());
            long t1 = System.nanoTime();
            EvaluationReport report = new SparcEvaluator(cfg).evaluate(model, data, rows, labels);
            double total = (System.nanoTime() - t1) / 1e9;
            Map<String, Double> timings = report.timingsSeconds();
            for (Map.Entry<String, Double> e : timings.entrySet())
                System.out.printf(Locale.ROOT, "  %-18s %8.2f s%n", e.getKey(), e.getValue());
            double separate = timings.getOrDefault("retrieval_dense", 0.0) + timings.getOrDefault("probe_mlp", 0.0);
            System.out.printf(Locale.ROOT, "total %.2f s; every metric with latent retrieval on the full gallery (total less "
                            + "retrieval_dense and probe_mlp) %.2f s; inside the model (encode, decode) %.2f s%n",
                    total, total - separate, model.nanos.get() / 1e9);
            System.out.printf(Locale.ROOT, "peak RssAnon %.2f GB (sampled every 100 ms) against %.2f GB of features; "
                            + "%.2f GB once the model was created, before the evaluation%n",
                    rss.stop() / 1e9, storeBytes / 1e9, rssModel / 1e9);
            System.out.printf(Locale.ROOT, "check: probe1d classes %d, jaccard_mean %.4f, retrieval.latent.r_at_1_mean %.4f%n",
                    report.probe1d().classes().length, report.jaccard().mean(),
                    report.flatMetrics().getOrDefault("retrieval.latent.r_at_1_mean", Double.NaN));
        }
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

    /** The model, with the wall time spent inside it counted. */
    private static final class TimedModel implements SparseAutoencoder {
        private final SparseAutoencoder model;
        final AtomicLong nanos = new AtomicLong();

        TimedModel(SparseAutoencoder model) {
            this.model = model;
        }

        @Override public List<StreamInfo> streams() { return model.streams(); }
        @Override public int latentSize() { return model.latentSize(); }
        @Override public int k() { return model.k(); }

        @Override
        public SparseCodes encode(int stream, float[] x, int rows) {
            long t = System.nanoTime();
            SparseCodes c = model.encode(stream, x, rows);
            nanos.addAndGet(System.nanoTime() - t);
            return c;
        }

        @Override
        public SparseCodes[] encodeJoint(float[][] xs, int rows) {
            long t = System.nanoTime();
            SparseCodes[] c = model.encodeJoint(xs, rows);
            nanos.addAndGet(System.nanoTime() - t);
            return c;
        }

        @Override
        public Encodings encodeBoth(float[][] xs, int rows) {
            long t = System.nanoTime();
            Encodings c = model.encodeBoth(xs, rows);
            nanos.addAndGet(System.nanoTime() - t);
            return c;
        }

        @Override
        public float[] decode(int target, SparseCodes codes) {
            long t = System.nanoTime();
            float[] out = model.decode(target, codes);
            nanos.addAndGet(System.nanoTime() - t);
            return out;
        }
    }

    /** The peak of this process's anonymous resident memory (Linux /proc/self/status), sampled by a daemon thread. */
    private static final class RssAnon implements Runnable {
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread thread = new Thread(this, "rss-anon");

        static RssAnon start() {
            RssAnon r = new RssAnon();
            r.thread.setDaemon(true);
            r.thread.start();
            return r;
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, read());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return Math.max(peak, read());
        }

        /** RssAnon in bytes, or 0 where /proc is not there. */
        static long read() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                    if (line.startsWith("RssAnon:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }
    }
}
