package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.StreamInfo;
import org.sparcj.model.LatentCodes;
import org.sparcj.model.SparseCodes;
import org.sparcj.model.TopKMode;

class MappedCodesTest {

    private static SparseCodes random(int rows, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] idx = new int[rows * k];
        float[] val = new float[rows * k];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = rng.nextInt(1 << 20);
            val[i] = (float) rng.nextGaussian();
        }
        return new SparseCodes(rows, k, idx, val);
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void rowsPutInAnyOrderReadBackAcrossSegmentsAndLeaveNoFile(@TempDir Path dir) throws IOException {
        int rows = 37, k = 3;
        // 4 rows (48 bytes of indices) per segment: 10 segments per stream, the last one short
        MappedCodes store = new MappedCodes(dir, 2, rows, k, 4L * k * Integer.BYTES);
        assertEquals(0, files(dir), "the file is deleted as soon as it is mapped");
        SparseCodes a = random(rows, k, 1), b = random(rows, k, 2);
        // stream 0 in one call spanning every segment; stream 1 row by row, backwards, in batches of odd sizes
        store.put(0, 0, a, 0, rows);
        for (int at = rows; at > 0; ) {
            int n = Math.min(at, 5);
            at -= n;
            store.put(1, at, b, at, n);
        }
        LatentCodes[] read = store.streams();
        for (int i = 0; i < rows; i++)
            for (int e = 0; e < k; e++) {
                assertEquals(a.index(i, e), read[0].index(i, e));
                assertEquals(a.value(i, e), read[0].value(i, e));
                assertEquals(b.index(i, e), read[1].index(i, e));
                assertEquals(b.value(i, e), read[1].value(i, e));
            }
        assertEquals(rows, read[1].rows());
        assertEquals(k, read[1].k());
        assertThrows(IndexOutOfBoundsException.class, () -> store.put(0, rows - 1, a, 0, 2));
        assertThrows(IllegalStateException.class, () -> store.put(0, 0, random(1, k + 1, 3), 0, 1));
    }

    @Test
    void anEmptyStoreHasNoRows(@TempDir Path dir) {
        assertEquals(0, new MappedCodes(dir, 3, 0, 8).stream(2).rows());
    }

    @Test
    void theEvaluationKeepsItsCodesInCodesDirAndGivesTheSameMetricsWherever(@TempDir Path dir) throws IOException {
        EvalConfig cfg = EvalConfig.defaults().with("probe_min_positives", 20, "probes_mlp", true, "mlp_epochs", 2,
                "retrieval_dense_max_rows", 50);
        Path codes = dir.resolve("codes");
        Map<String, Double> inTemp = SparcEvaluatorTest.gaussianTwoStreams(cfg);
        Map<String, Double> inDir = SparcEvaluatorTest.gaussianTwoStreams(cfg.with("codes_dir", codes.toString()));
        assertEquals(inTemp, inDir);
        assertTrue(inDir.containsKey("probe1d.logloss.p") && inDir.containsKey("retrieval.latent.r_at_1_mean"), inDir.keySet()
                .toString());
        assertTrue(Files.isDirectory(codes), "codes_dir is made when missing");
        assertEquals(0, files(codes), "nothing is left in codes_dir");
    }

    @Test
    void latentRetrievalFromTheMappedCodesRanksAsTheHeapCodesDo(@TempDir Path dir) {
        List<StreamInfo> s = List.of(new StreamInfo("p", 6), new StreamInfo("q", 5));
        LinearTopKAutoencoder model = LinearTopKAutoencoder.random(s, 32, 3, TopKMode.LOCAL, 8);
        int n = 200;
        float[][] xs = SparcEvaluatorTest.gaussian(n, 9, 6, 5);
        EvalConfig cfg = EvalConfig.defaults().with("batch_size", 13, "codes_dir", dir.toString());
        Retrieval mapped = new SparcEvaluator(cfg).evaluate(model, SparcEvaluatorTest.dataset(s, xs), SparcEvaluatorTest.rows(n),
                null).retrieval();
        SparseCodes[] own = model.encodeBoth(xs, n).own();
        int[][] ranks = Retrieval.ranksSparseBothWays(own[0], own[1], 32);
        List<Retrieval.Entry> latent = mapped.entries().stream().filter(e -> e.family().equals("latent")).toList();
        assertEquals(List.of(new Retrieval.Entry("latent", "p", "q", RankStats.of(ranks[0])),
                new Retrieval.Entry("latent", "q", "p", RankStats.of(ranks[1]))), latent);
    }
}
