package org.sparcj.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.RandomFeatureStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Training-step throughput at paper scale on random data (M=3, dims 768/1024/768, L=8192, k=64,
 * batch 256 by default), for GLOBAL/LOCAL x SPARSE/DENSE, against the bare pre-activation matmul
 * timed in the same run. Prints samples/s, step time / matmul time and peak RSS. A command, not a test.
 *
 * <p>Usage: {@code StepTiming [--steps N] [--warmup N] [--latents L] [--k K] [--batch B] [--dims a,b,c]
 * [--only GLOBAL-SPARSE,...] [--profile] [--store DIR [--store-rows N]]}. With {@code --store} it instead trains GLOBAL-SPARSE
 * for {@code --steps} batches read from a memory-mapped feature store (any size: larger than the
 * heap, larger than RAM) and reports the anonymous memory (RssAnon) along the way; {@code --store-rows N} first
 * writes N seeded Gaussian rows of {@code --dims} there unless such a store is already there.
 */
public final class StepTiming {
    private StepTiming() {
    }

    public static void main(String[] args) {
        bench(args);
    }

    /** Parses the options, prints the table (and profile) and returns each variant's seconds per step (and "matmul"). */
    public static java.util.Map<String, Double> bench(String[] args) {
        int steps = 5, warmup = 2, latents = 8192, k = 64, batch = 256;
        int[] dims = {768, 1024, 768};
        List<String> only = List.of();
        boolean profile = false;
        Path store = null;
        long storeRows = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--latents" -> latents = Integer.parseInt(args[++i]);
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--dims" -> dims = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--profile" -> profile = true;
                case "--store" -> store = Path.of(args[++i]);
                case "--store-rows" -> {
                    storeRows = Long.parseLong(args[++i]);
                    if (storeRows <= 0) throw new IllegalArgumentException("--store-rows: expected a positive row count, got " + args[i]);
                }
                case "--only" -> only = List.of(args[++i].toUpperCase(Locale.ROOT).split(","));
                case "-h", "--help" -> {
                    System.out.println("StepTiming [--steps N] [--warmup N] [--latents L] [--k K] [--batch B] [--dims a,b,c] [--only GLOBAL-SPARSE,LOCAL-DENSE,...] [--profile] [--store DIR [--store-rows N]]");
                    return java.util.Map.of();
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (store != null) {
            if (storeRows > 0) {
                List<StreamInfo> streams = new ArrayList<>();
                for (int s = 0; s < dims.length; s++) streams.add(new StreamInfo("s" + s, dims[s]));
                long t0 = System.nanoTime();
                boolean written = RandomFeatureStore.writeIfMissing(store, streams, storeRows, 11);
                System.out.printf(Locale.ROOT, "store %s: %d Gaussian rows, dims %s, %s in %.1f s%n", store, storeRows,
                        java.util.Arrays.toString(dims), written ? "written" : "reused, checked", (System.nanoTime() - t0) / 1e9);
            }
            System.out.print(storeTraining(store, steps, latents, k, batch));
            return java.util.Map.of();
        }
        java.util.Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        System.out.print(run(steps, warmup, latents, k, batch, dims, only, seconds));
        if (profile) System.out.print(profile(latents, k, batch, dims, only));
        return seconds;
    }

    /** Times the steps and returns the printed table. */
    public static String run(int steps, int warmup, int latents, int k, int batch, int[] dims, List<String> only) {
        return run(steps, warmup, latents, k, batch, dims, only, new java.util.HashMap<>());
    }

    /** The same, also putting each variant's seconds per step (and "matmul") into {@code seconds}. */
    public static String run(int steps, int warmup, int latents, int k, int batch, int[] dims, List<String> only,
                             java.util.Map<String, Double> seconds) {
        List<StreamInfo> streams = new ArrayList<>();
        String[] names = {"dino", "clip_img", "clip_txt", "s3", "s4", "s5"};
        for (int s = 0; s < dims.length; s++) streams.add(new StreamInfo(names[s], dims[s]));
        float[][] xs = randomBatch(dims, batch, 7);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "SPARC-J training-step timing: M=%d dims=%s L=%d k=%d batch=%d, %d timed steps after %d warm-up (%d cores)%n",
                dims.length, java.util.Arrays.toString(dims), latents, k, batch, steps, warmup, Runtime.getRuntime().availableProcessors()));
        // bin/sparc pools for training (about 30% off a step here, against glibc's adaptive threshold).
        out.append(CpuAllocator.describe()).append(CpuAllocator.pooled() ? ""
                : "; set TF_CPU_ALLOCATOR_USE_BFC=true (bin/sparc bench does) for faster steps").append(System.lineSeparator());
        // The floor: the model's own product, W_enc·xcᵀ. The x·W_encᵀ orientation (the same products,
        // slower on TensorFlow's CPU kernels) is timed too, for comparison with the naive graph.
        double matmul = bareMatmulSeconds(xs, dims, latents, batch, steps, warmup, true);
        double naive = bareMatmulSeconds(xs, dims, latents, batch, steps, warmup, false);
        // The rest of the floor: Adam must move every parameter every step (its moments decay even where
        // the gradient is 0), a memory-bound pass over all of them that no sparsity removes.
        double adam = bareAdamSeconds(dims, latents, steps, warmup);
        double floor = matmul + adam;
        seconds.put("matmul", matmul);
        seconds.put("adam", adam);
        out.append(String.format(Locale.ROOT, "%-22s %10s %12s %14s %16s %12s%n", "variant", "s/step", "samples/s", "step/matmul", "step/naive mm", "step/floor"));
        out.append(String.format(Locale.ROOT, "%-22s %10.3f %12.0f %14s %16.2f %12s%n", "bare matmul W·xᵀ", matmul, batch / matmul, "1.00", matmul / naive, ""));
        out.append(String.format(Locale.ROOT, "%-22s %10.3f %12.0f %14.2f %16s %12s%n", "bare matmul x·Wᵀ", naive, batch / naive, naive / matmul, "1.00", ""));
        out.append(String.format(Locale.ROOT, "%-22s %10.3f %12s %14.2f %16s %12s%n", "bare Adam, all params", adam, "", adam / matmul, "", ""));
        out.append(String.format(Locale.ROOT, "%-22s %10.3f %12.0f %14.2f %16s %12s%n", "floor: matmul + Adam", floor, batch / floor, floor / matmul, "", "1.00"));
        double peakAnon = 0;
        for (var variant : variants(streams, latents, k, batch, only).entrySet()) {
            String name = variant.getKey();
            try (SparcModel model = SparcModel.create(variant.getValue())) {
                for (int i = 0; i < warmup; i++) model.trainStep(xs, batch);
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) model.trainStep(xs, batch);
                double sec = (System.nanoTime() - t0) / 1e9 / steps;
                seconds.put(name, sec);
                peakAnon = Math.max(peakAnon, rssAnonGb());
                out.append(String.format(Locale.ROOT, "%-22s %10.3f %12.0f %14.2f %16.2f %12.2f%n", name, sec, batch / sec, sec / matmul, sec / naive, sec / floor));
            }
            System.out.flush();
        }
        out.append(String.format(Locale.ROOT, "peak RSS: %.2f GB; peak RssAnon (read after each variant): %.2f GB%n",
                peakRssGb(), peakAnon));
        return out.toString();
    }

    /**
     * Trains GLOBAL-SPARSE for {@code steps} batches of a feature store in the official CONTIGUOUS
     * order (random full batches across the whole store) and returns a report of the step time and
     * RssAnon: the features stay in the file mapping (page cache), so anonymous memory should not
     * grow with the store.
     */
    public static String storeTraining(Path dir, int steps, int latents, int k, int batch) {
        try (FeatureStore data = FeatureStore.open(dir);
             SparcModel model = SparcModel.create(SparcConfig.defaults(data.streams()).with("latent_size", latents,
                     "k", k, "batch_size", batch, "seed", 1, "log_every", 1))) {
            long bytes = data.size() * data.streams().stream().mapToLong(StreamInfo::dim).sum() * Float.BYTES;
            long[] rows = new long[Math.toIntExact(data.size())];
            for (int i = 0; i < rows.length; i++) rows[i] = i;
            double[] anon = {0, 0, 0};   // after the first logged step, peak, last
            long t0 = System.nanoTime();
            model.train(data, rows, p -> {
                double now = rssAnonGb();
                if (anon[0] == 0) anon[0] = now;
                anon[1] = Math.max(anon[1], now);
                anon[2] = now;
            }, steps);
            double sec = (System.nanoTime() - t0) / 1e9 / steps;
            return String.format(Locale.ROOT, "store training: %s, %d rows, %.2f GB of features (max heap %.2f GB), "
                            + "GLOBAL-SPARSE L=%d k=%d batch=%d, %d steps: %.3f s/step (reads included); RssAnon after "
                            + "step 1 %.2f GB, peak %.2f GB, at the end %.2f GB; peak RSS (mapped pages included) %.2f GB%n",
                    dir, rows.length, bytes / 1e9, Runtime.getRuntime().maxMemory() / 1e9, latents, k, batch, steps, sec,
                    anon[0], anon[1], anon[2], peakRssGb());
        }
    }

    /** Per variant, the ops that took the most time in one traced training step. */
    public static String profile(int latents, int k, int batch, int[] dims, List<String> only) {
        List<StreamInfo> streams = new ArrayList<>();
        for (int s = 0; s < dims.length; s++) streams.add(new StreamInfo("s" + s, dims[s]));
        float[][] xs = randomBatch(dims, batch, 7);
        StringBuilder out = new StringBuilder();
        for (var variant : variants(streams, latents, k, batch, only).entrySet()) {
            String name = variant.getKey();
            try (SparcModel model = SparcModel.create(variant.getValue(), true)) {
                model.trainStep(xs, batch);
                java.util.Map<String, Long> micros = new java.util.HashMap<>();
                model.trainStep(xs, batch, micros);
                long total = micros.values().stream().mapToLong(Long::longValue).sum();
                out.append(String.format(Locale.ROOT, "%nprofile %s: %.1f ms of op time in one step; top ops:%n", name, total / 1e3));
                micros.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
                        .forEach(e -> out.append(String.format(Locale.ROOT, "  %8.1f ms  %s%n", e.getValue() / 1e3, e.getKey())));
                // The same op time summed by op type (node names from the gradient builder are opaque).
                java.util.Map<String, Long> byType = new java.util.HashMap<>();
                for (var e : micros.entrySet()) {
                    var op = model.graph().graph.operation(e.getKey());
                    byType.merge(op == null ? "(runtime)" : op.type(), e.getValue(), Long::sum);
                }
                // ... and by the step of the method that built the op (docs/METHOD.md's pieces).
                java.util.Map<String, Long> byStage = new java.util.LinkedHashMap<>();
                for (var e : micros.entrySet()) byStage.merge(model.graph().stages.of(e.getKey()), e.getValue(), Long::sum);
                out.append(String.format(Locale.ROOT, "  by step of the method (share of op time):%n"));
                byStage.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                        .forEach(e -> out.append(String.format(Locale.ROOT, "  %8.1f ms  %4.1f%%  %s%n", e.getValue() / 1e3,
                                100.0 * e.getValue() / total, e.getKey())));
                out.append(String.format(Locale.ROOT, "  by op type:%n"));
                byType.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
                        .forEach(e -> out.append(String.format(Locale.ROOT, "  %8.1f ms  %s%n", e.getValue() / 1e3, e.getKey())));
            }
        }
        return out.toString();
    }

    /** The timed configs by name (GLOBAL-SPARSE, ...), in TopK x decode order, filtered by {@code only}. */
    private static java.util.Map<String, SparcConfig> variants(List<StreamInfo> streams, int latents, int k, int batch,
                                                               List<String> only) {
        java.util.Map<String, SparcConfig> out = new java.util.LinkedHashMap<>();
        for (TopKMode mode : TopKMode.values())
            for (DecodeMode decode : DecodeMode.values()) {
                String name = mode + "-" + decode;
                if (only.isEmpty() || only.contains(name))
                    out.put(name, SparcConfig.defaults(streams).with("latent_size", latents, "k", k, "batch_size", batch, "topk", mode, "decode", decode, "seed", 1));
            }
        return out;
    }

    private static float[][] randomBatch(int[] dims, int batch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] xs = new float[dims.length][];
        for (int s = 0; s < dims.length; s++) {
            xs[s] = new float[batch * dims[s]];
            for (int i = 0; i < xs[s].length; i++) xs[s][i] = (float) rng.nextGaussian();
            xs[s] = InputScaling.unitNorm(xs[s], batch, dims[s]);
        }
        return xs;
    }

    /**
     * The forward pre-activation products of every stream, nothing else: as the model computes them,
     * W_enc_s [L x d]·x_sᵀ, or (weightsLeft false) as x_s·W_enc_sᵀ.
     */
    private static double bareMatmulSeconds(float[][] xs, int[] dims, int latents, int batch, int steps, int warmup,
                                            boolean weightsLeft) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            List<Placeholder<TFloat32>> in = new ArrayList<>();
            List<Placeholder<TFloat32>> weights = new ArrayList<>();
            List<Operand<TFloat32>> products = new ArrayList<>();
            for (int d : dims) {
                Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, d)));
                Placeholder<TFloat32> w = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(latents, d)));
                in.add(x);
                weights.add(w);
                products.add(weightsLeft ? tf.linalg.matMul(w, x, MatMul.transposeB(true)) : tf.linalg.matMul(x, w, MatMul.transposeB(true)));
            }
            List<Tensor> owned = new ArrayList<>();
            try (Session session = new Session(g)) {
                SplittableRandom rng = new SplittableRandom(3);
                Session.Runner proto = null;
                for (int s = 0; s < dims.length; s++) {
                    float[] w = new float[latents * dims[s]];
                    for (int i = 0; i < w.length; i++) w[i] = (float) (rng.nextDouble() - 0.5);
                    owned.add(TFloat32.tensorOf(Shape.of(latents, dims[s]), DataBuffers.of(w, true, false)));
                    owned.add(TFloat32.tensorOf(Shape.of(batch, dims[s]), DataBuffers.of(xs[s], true, false)));
                }
                return secondsPerRun(steps, warmup, () -> {
                    Session.Runner r = session.runner();
                    for (int s = 0; s < dims.length; s++) {
                        r.feed(weights.get(s), owned.get(2 * s)).feed(in.get(s), owned.get(2 * s + 1));
                        r.addTarget(products.get(s).op());
                    }
                    return r;
                });
            } finally {
                owned.forEach(Tensor::close);
            }
        }
    }

    /**
     * One Adam update of a model's parameters (SparcParameters' shapes, the same ApplyAdam kernel and
     * constants as {@link Adam}) from fed gradients, nothing else.
     */
    private static double bareAdamSeconds(int[] dims, int latents, int steps, int warmup) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            GraphVariables variables = new GraphVariables(tf);
            SparcParameters parameters = new SparcParameters(variables);
            for (int s = 0; s < dims.length; s++) parameters.addStream(s, dims[s], latents);
            Adam adam = new Adam(tf, variables, parameters);
            Adam.Update update = adam.update();
            List<Placeholder<TFloat32>> grads = new ArrayList<>();
            List<org.tensorflow.op.Op> updates = new ArrayList<>();
            for (int i = 0; i < parameters.all.size(); i++) {
                Placeholder<TFloat32> grad = tf.placeholder(TFloat32.class, Placeholder.shape(parameters.all.get(i).shape()));
                grads.add(grad);
                updates.add(update.apply(tf, parameters.all.get(i), i, grad));
            }
            List<Tensor> owned = new ArrayList<>();
            try (Session session = new Session(g)) {
                Session.Runner init = session.runner();
                for (int i = 0; i < variables.all.size(); i++) {
                    Tensor zero = TFloat32.tensorOf(variables.all.get(i).shape());
                    owned.add(zero);
                    init.feed(variables.assignValue.get(i), zero).addTarget(variables.assignOp.get(i));
                }
                init.run().close();
                SplittableRandom rng = new SplittableRandom(5);
                List<Tensor> gradValues = new ArrayList<>();
                for (Placeholder<TFloat32> grad : grads) {
                    TFloat32 t = TFloat32.tensorOf(grad.shape());
                    t.scalars().forEach(x -> x.setFloat((float) (rng.nextDouble() - 0.5) * 1e-3f));
                    gradValues.add(t);
                    owned.add(t);
                }
                try (TFloat32 step = TFloat32.scalarOf(1e-4f); TFloat32 eps = TFloat32.scalarOf(1e-8f)) {
                    return secondsPerRun(steps, warmup, () -> {
                        Session.Runner r = session.runner().feed(adam.stepSize, step).feed(adam.epsilonHat, eps);
                        for (int j = 0; j < grads.size(); j++) r.feed(grads.get(j), gradValues.get(j));
                        updates.forEach(r::addTarget);
                        return r;
                    });
                }
            } finally {
                owned.forEach(Tensor::close);
            }
        }
    }

    /** Mean wall seconds of {@code steps} runs of the prepared runner, after {@code warmup} untimed ones. */
    private static double secondsPerRun(int steps, int warmup, java.util.function.Supplier<Session.Runner> prepared) {
        double total = 0;
        for (int i = 0; i < warmup + steps; i++) {
            Session.Runner r = prepared.get();
            long t0 = System.nanoTime();
            r.run().close();
            if (i >= warmup) total += (System.nanoTime() - t0) / 1e9;
        }
        return total / steps;
    }

    /** Anonymous resident memory now (heap, TensorFlow's buffers; not mapped files), GB. */
    static double rssAnonGb() {
        return statusGb("RssAnon:");
    }

    static double peakRssGb() {
        return statusGb("VmHWM:");
    }

    private static double statusGb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0 / 1024.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
