package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparcj.data.InMemoryDataset;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.model.TopKMode;

class SparcEvaluatorTest {
    private static final List<StreamInfo> ABC = List.of(
            new StreamInfo("a", 2), new StreamInfo("b", 2), new StreamInfo("c", 2));
    // 0 root; 1 Animal, 2 Vehicle; 3 Dog, 4 Cat under Animal; 5 Car under Vehicle
    private static final Taxonomy TAX = new Taxonomy(List.of("r", "animal", "vehicle", "dog", "cat", "car"),
            List.of("Root", "Animal", "Vehicle", "Dog", "Cat", "Car"), new int[] {-1, 0, 0, 1, 1, 2});

    /**
     * L = 3, k = 1, LOCAL, zero biases. Logits per stream (on positive inputs x = (x0, x1)):
     * a: (x0, x1, -x0-x1); b: (x1, x0, -x0-x1); c: (x0+x1, 0, -x0-x1).
     */
    private static LinearTopKAutoencoder handModel() {
        float[][] enc = {
                {1, 0, -1, 0, 1, -1},
                {0, 1, -1, 1, 0, -1},
                {1, 0, -1, 1, 0, -1}};
        float[][] dec = new float[3][];
        for (int s = 0; s < 3; s++) dec[s] = LinearTopKAutoencoder.transposeUnitRows(enc[s], 2, 3);
        return new LinearTopKAutoencoder(ABC, 3, 1, TopKMode.LOCAL, enc, new float[3][3], dec, new float[3][2]);
    }

    private static InMemoryDataset handData() {
        // samples (3,1), (1,2), (2,0.5), (0.5,4); all streams see the same features
        float[] x = {3, 1, 1, 2, 2, 0.5f, 0.5f, 4};
        return dataset(ABC, new float[][] {x.clone(), x.clone(), x.clone()});
    }

    @Test
    void deadLatentsAndPatternsOnAHandModel() {
        // a picks latent 0 when x0 > x1 else 1: alive {0, 1}, dead {2}. b the same with the roles
        // swapped: alive {0, 1}. c always picks latent 0: alive {0}. Latent 2 is never selected.
        // -> dead a 1, b 1, c 2; latent 0 all-alive, latent 1 mixed (a+b), latent 2 all-dead.
        EvaluationReport r = new SparcEvaluator(EvalConfig.defaults())
                .evaluate(handModel(), handData(), new long[] {0, 1, 2, 3}, null);
        assertArrayEquals(new int[] {1, 1, 2}, r.dead().dead());
        Map<String, Double> f = r.flatMetrics();
        assertEquals(1.0, f.get("dead.a"));
        assertEquals(2.0, f.get("dead.c"));
        assertEquals(2.0 / 3, f.get("dead_fraction.c"), 1e-12);
        assertEquals(1.0 / 3, f.get("all_alive_fraction"), 1e-12);
        assertEquals(1.0 / 3, f.get("mixed_fraction"), 1e-12);
        assertEquals(1.0 / 3, f.get("all_dead_fraction"), 1e-12);
        assertEquals(1.0, f.get("mixed_count"));
        assertEquals(Map.of("a+b+c", 1, "a+b", 1, "", 1), r.patterns().byCombination());
        // no labels: label metrics are skipped
        assertNull(r.jaccard());
        assertNull(r.concepts());
        assertNull(r.probe1d());
        assertFalse(f.keySet().stream().anyMatch(k -> k.startsWith("jaccard") || k.startsWith("concepts")));
    }

    @Test
    void labelledRunReportsEveryMetricNameAndValidJson() throws Exception {
        // labels: sample 0 Dog, 1 Cat, 2 Dog + Car, 3 none
        SampleLabels labels = new SampleLabels(TAX, new int[][] {{3}, {4}, {3, 5}, {}});
        EvalConfig cfg = EvalConfig.defaults().with("batch_size", 3, "probe_min_positives", 0, "concept_top_n", 2);
        EvaluationReport r = new SparcEvaluator(cfg).evaluate(handModel(), handData(), new long[] {0, 1, 2, 3}, labels);
        Map<String, Double> f = r.flatMetrics();
        // Hand: a fires latent 0 on samples 0, 2 and latent 1 on 1, 3; b: latent 1 on 0, 2 and latent 0 on 1, 3;
        // c: latent 0 on all. Labelled counts: latent 0: a {Dog 2, Car 1}, b {Cat 1}, c {Dog 2, Cat 1, Car 1}.
        // latent 1: a {Cat 1}, b {Dog 2, Car 1}, c never. Depth 0 (root totals): latent 0 pairs (3,1) 1/3,
        // (3,4) 3/4, (1,4) 1/4 -> mean 4/9; latent 1: (1, 3) -> 1/3; latent 2: 0. Mean over L = 3: (4/9 + 1/3)/3 = 7/27.
        assertEquals(7.0 / 27, f.get("jaccard.d0"), 1e-12);
        // depth 2 (leaves): latent 0: a vs b 0; a vs c min(Dog 2, Car 1) = 3 / max (2 + 1 + 1) = 3/4; b vs c 1/4
        // -> mean 1/3; latent 1: Cat vs {Dog, Car} 0 -> (1/3)/3 = 1/9
        assertEquals(1.0 / 9, f.get("jaccard.d2"), 1e-12);
        for (String key : List.of("jaccard.d1", "jaccard_mean", "concepts.assigned_fraction.a",
                "concepts.max_latents_per_concept", "concepts.agreeing_latents",
                "nmse.a_to_b", "nmse.self_mean", "nmse.cross_mean", "retrieval.latent.a_to_b.r_at_1",
                "retrieval.cross.a_to_c.mrr", "retrieval.self.b_to_b.median_rank", "retrieval.raw.a_to_b.r_at_10",
                "retrieval.latent.r_at_1_mean", "retrieval.raw.mrr_mean"))
            assertTrue(f.containsKey(key), key + " missing");
        for (String key : f.keySet()) assertTrue(key.matches("[A-Za-z0-9_./ -]+"), "bad metric name " + key);
        // raw features are identical in every stream: raw retrieval is perfect
        assertEquals(1.0, f.get("retrieval.raw.a_to_b.r_at_1"));
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertEquals(4, json.get("rows").asInt());
        assertEquals(3, json.get("dead").get("dead").size());
    }

    @Test
    void jaccardTopNCountsOnlyTheTopLabelledSamples() {
        SampleLabels labels = new SampleLabels(TAX, new int[][] {{3}, {4}, {3, 5}, {}});
        EvalConfig cfg = EvalConfig.defaults().with("jaccard_top_n", 1);
        EvaluationReport r = new SparcEvaluator(cfg).evaluate(handModel(), handData(), new long[] {0, 1, 2, 3}, labels);
        // unit-norm samples: s0 (.949, .316), s1 (.447, .894), s2 (.970, .243), s3 (.124, .992, unlabelled: not counted)
        // top-1 labelled sample per (stream, latent): a l0 {s0 .949, s2 .970} -> s2 {Dog, Car}; a l1 -> s1 {Cat};
        // b l1 (= x0) -> s2 {Dog, Car}; b l0 (= x1) -> s1 {Cat}; c l0 (= x0 + x1: 1.265, 1.342, 1.213) -> s1 {Cat}.
        // latent 0: a {Dog, Car}, b {Cat}, c {Cat}; latent 1: a {Cat}, b {Dog, Car}.
        // D0: l0 pairs 1/2, 1/2, 1 -> 2/3; l1 1/2; mean over 3 latents (2/3 + 1/2)/3 = 7/18.
        // D1: l0 a {Animal, Vehicle} vs {Animal}: 1/2, 1/2, 1 -> 2/3; l1 1/2 -> 7/18.
        // D2: l0 only b vs c match -> 1/3; l1 0 -> 1/9.
        assertArrayEquals(new double[] {7.0 / 18, 7.0 / 18, 1.0 / 9}, r.jaccard().perDepth(), 1e-12);
    }

    @Test
    void mlpProbeRunsOnEveryInputFamily() {
        List<StreamInfo> s = List.of(new StreamInfo("p", 6), new StreamInfo("q", 5));
        LinearTopKAutoencoder model = LinearTopKAutoencoder.random(s, 32, 3, TopKMode.GLOBAL, 5);
        int n = 80;
        float[][] xs = gaussian(n, 8, 6, 5);
        int[][] lab = new int[n][];
        for (int i = 0; i < n; i++) lab[i] = xs[0][i * 6] > 0 ? new int[] {3} : new int[] {4};
        EvalConfig cfg = EvalConfig.defaults().with("probes_mlp", true, "mlp_hidden", 16, "mlp_epochs", 3, "retrieval", false);
        Map<String, Double> f = new SparcEvaluator(cfg)
                .evaluate(model, dataset(s, xs), rows(n), new SampleLabels(TAX, lab)).flatMetrics();
        for (String key : List.of("probe_mlp.map.raw.p", "probe_mlp.map.raw.q", "probe_mlp.map.latent.p",
                "probe_mlp.map.self.q", "probe_mlp.map.cross.p_to_q", "probe_mlp.map.cross.q_to_p")) {
            assertTrue(f.containsKey(key), key + " missing");
            assertTrue(f.get(key) > 0 && f.get(key) <= 1, key + " = " + f.get(key));
        }
    }

    @Test
    void identicalStreamsRetrieveThemselvesInEveryFamily() {
        int d = 8, n = 120;
        List<StreamInfo> two = List.of(new StreamInfo("x", d), new StreamInfo("y", d));
        LinearTopKAutoencoder one = LinearTopKAutoencoder.random(List.of(two.get(0)), 64, 4, TopKMode.LOCAL, 9);
        // the same weights for both streams: copy stream 0's model into a two-stream model
        LinearTopKAutoencoder both = LinearTopKAutoencoder.random(two, 64, 4, TopKMode.LOCAL, 9).withStreamCopied(0, 1);
        SplittableRandom rng = new SplittableRandom(2);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        EvaluationReport r = new SparcEvaluator(EvalConfig.defaults().with("batch_size", 50))
                .evaluate(both, dataset(two, new float[][] {x, x.clone()}), rows(n), null);
        Map<String, Double> f = r.flatMetrics();
        assertEquals(1.0, f.get("retrieval.latent.x_to_y.r_at_1"));
        assertEquals(1.0, f.get("retrieval.latent.y_to_x.r_at_1"));
        assertEquals(1.0, f.get("retrieval.raw.x_to_y.r_at_1"));
        assertEquals(1.0, f.get("retrieval.latent.x_to_y.median_rank"));
        // cross-reconstruction x -> y equals self-reconstruction of y, so the two families agree
        assertEquals(f.get("retrieval.self.y_to_y.mrr"), f.get("retrieval.cross.x_to_y.mrr"));
        assertEquals(one.latentSize(), r.latentSize());
    }

    @Test
    void oneStreamRunsWithoutCrossMetrics() {
        List<StreamInfo> s = List.of(new StreamInfo("solo", 4));
        LinearTopKAutoencoder model = LinearTopKAutoencoder.random(s, 16, 2, TopKMode.LOCAL, 1);
        SplittableRandom rng = new SplittableRandom(4);
        float[] x = new float[40 * 4];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        SampleLabels labels = new SampleLabels(TAX, new int[40][0]);
        EvaluationReport r = new SparcEvaluator(EvalConfig.defaults())
                .evaluate(model, dataset(s, new float[][] {x}), rows(40), labels);
        Map<String, Double> f = r.flatMetrics();
        assertEquals(0.0, f.get("mixed_count"));
        assertEquals(0.0, f.get("jaccard_mean"));          // no latent is active in two streams
        assertTrue(f.containsKey("nmse.solo_to_solo"));
        assertFalse(f.containsKey("nmse.cross_mean"));      // NaN: left out
        assertTrue(f.containsKey("retrieval.self.solo_to_solo.r_at_1"));
        assertFalse(f.keySet().stream().anyMatch(k -> k.startsWith("retrieval.latent") || k.startsWith("retrieval.cross")));
    }

    @Test
    void badInputsAreClearErrors() {
        SparcEvaluator ev = new SparcEvaluator(EvalConfig.defaults());
        SampleLabels tooFew = new SampleLabels(TAX, new int[][] {{3}, {4}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ev.evaluate(handModel(), handData(), new long[] {0, 3}, tooFew));
        assertTrue(e.getMessage().contains("row 3") && e.getMessage().contains("labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ev.evaluate(handModel(), handData(), new long[] {7}, null));
        assertTrue(e.getMessage().contains("row 7"), e.getMessage());
        InMemoryDataset other = dataset(List.of(new StreamInfo("a", 2)), new float[][] {{1, 2}});
        e = assertThrows(IllegalArgumentException.class, () -> ev.evaluate(handModel(), other, new long[] {0}, null));
        assertTrue(e.getMessage().contains("streams"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EvalConfig.defaults().with("purity_threshold", 1.5));
        assertTrue(e.getMessage().contains("purity_threshold"), e.getMessage());
    }

    @Test
    void sameSeedSameNumbersAndBatchSizeDoesNotMatter() {
        EvalConfig cfg = EvalConfig.defaults().with("probe_min_positives", 20, "retrieval_max_rows", 60, "batch_size", 7);
        Map<String, Double> first = gaussianTwoStreams(cfg);
        Map<String, Double> again = gaussianTwoStreams(cfg.with("batch_size", 64));
        assertEquals(first.keySet(), again.keySet());
        for (String k : first.keySet()) assertEquals(first.get(k), again.get(k), 1e-9, k);
        assertTrue(first.containsKey("probe1d.logloss.p"));
    }

    /**
     * The analysis rows are dataset row numbers in any order: evaluating rows r[0..n) of a dataset gives the
     * same numbers as evaluating rows 0..n of a dataset that holds exactly those rows in that order. That
     * covers the capped subsets too, whose features the dense families and the MLP probe read again after
     * the pass, by row number.
     */
    @Test
    void analysisRowsAreReadByRowNumberInEveryMetric() {
        List<StreamInfo> s = List.of(new StreamInfo("p", 6), new StreamInfo("q", 6));
        LinearTopKAutoencoder model = LinearTopKAutoencoder.random(s, 32, 3, TopKMode.GLOBAL, 5);
        int size = 150, n = 100;
        float[][] all = gaussian(size, 11, 6, 6);
        int[][] allLabels = new int[size][];
        for (int i = 0; i < size; i++) allLabels[i] = new int[] {3 + (all[0][i * 6] > 0 ? 0 : 1 + i % 2)};
        int[] order = new int[size];
        for (int i = 0; i < size; i++) order[i] = i;
        OneDimProbe.shuffle(order, new SplittableRandom(4));
        long[] picked = new long[n];
        float[][] sub = {new float[n * 6], new float[n * 6]};
        int[][] subLabels = new int[n][];
        for (int i = 0; i < n; i++) {
            picked[i] = order[i];
            for (int st = 0; st < 2; st++) System.arraycopy(all[st], order[i] * 6, sub[st], i * 6, 6);
            subLabels[i] = allLabels[order[i]];
        }
        EvalConfig cfg = EvalConfig.defaults().with("probes_mlp", true, "mlp_hidden", 8, "mlp_epochs", 2, "mlp_max_rows", 50,
                "retrieval_max_rows", 70, "retrieval_dense_max_rows", 40, "probe_min_positives", 5, "batch_size", 16);
        Map<String, Double> byNumber = new SparcEvaluator(cfg)
                .evaluate(model, dataset(s, all), picked, new SampleLabels(TAX, allLabels)).flatMetrics();
        Map<String, Double> inOrder = new SparcEvaluator(cfg)
                .evaluate(model, dataset(s, sub), rows(n), new SampleLabels(TAX, subLabels)).flatMetrics();
        assertTrue(byNumber.containsKey("probe_mlp.map.raw.p") && byNumber.containsKey("retrieval.raw.p_to_q.mrr"));
        assertEquals(inOrder, byNumber);
    }

    /**
     * The metrics of a random GLOBAL model (L = 32, k = 3) on 90 Gaussian rows of two streams (widths 6 and 5),
     * labelled Dog, Cat and Car in turn: the same inputs for every call.
     */
    static Map<String, Double> gaussianTwoStreams(EvalConfig cfg) {
        List<StreamInfo> s = List.of(new StreamInfo("p", 6), new StreamInfo("q", 5));
        LinearTopKAutoencoder model = LinearTopKAutoencoder.random(s, 32, 3, TopKMode.GLOBAL, 5);
        int n = 90;
        float[][] xs = gaussian(n, 6, 6, 5);
        int[][] lab = new int[n][];
        for (int i = 0; i < n; i++) lab[i] = new int[] {3 + i % 3};
        return new SparcEvaluator(cfg).evaluate(model, dataset(s, xs), rows(n), new SampleLabels(TAX, lab)).flatMetrics();
    }

    /** n rows of standard Gaussian features per stream, of the given widths, seeded. */
    static float[][] gaussian(int n, long seed, int... dims) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] xs = new float[dims.length][];
        for (int s = 0; s < dims.length; s++) {
            xs[s] = new float[n * dims[s]];
            for (int i = 0; i < xs[s].length; i++) xs[s][i] = (float) rng.nextGaussian();
        }
        return xs;
    }

    /** An in-memory dataset whose row count follows from the first stream's array. */
    static InMemoryDataset dataset(List<StreamInfo> streams, float[][] data) {
        return new InMemoryDataset(streams, data, data[0].length / streams.get(0).dim());
    }

    static long[] rows(int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
