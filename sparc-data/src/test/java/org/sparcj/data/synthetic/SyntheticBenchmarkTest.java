package org.sparcj.data.synthetic;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.store.LabelledDataset;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.store.FeatureStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticBenchmarkTest {
    @TempDir
    static Path tmp;
    static SyntheticConfig cfg = SyntheticConfig.defaults();
    static SyntheticBenchmark.Summary summary;
    static Path dir;

    @BeforeAll
    static void generateDefault() {
        dir = tmp.resolve("default");
        summary = SyntheticBenchmark.generate(cfg, dir);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void sameSeedGivesByteIdenticalFiles() throws IOException {
        Path again = tmp.resolve("again");
        SyntheticBenchmark.generate(cfg, again);
        List<Path> names = files(dir);
        assertEquals(names, files(again));
        assertTrue(names.size() >= 9, names.toString());
        for (Path f : names)
            assertArrayEquals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(again.resolve(f)), f.toString());
        Path other = tmp.resolve("other");
        SyntheticBenchmark.generate(cfg.with("seed", 43), other);
        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("dino.npy")), Files.readAllBytes(other.resolve("dino.npy"))));
        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("labels.tsv")), Files.readAllBytes(other.resolve("labels.tsv"))));
    }

    @Test
    void opensAsLabelledDatasetWithLeafLabels() {
        try (LabelledDataset ld = LabelledDataset.open(dir)) {
            MultiStreamDataset f = ld.features();
            assertEquals(4000, f.size());
            assertEquals(cfg.streams(), f.streams());
            ((FeatureStore) f).validate();
            Taxonomy t = ld.labels().taxonomy();
            assertEquals(1 + 4 + 16 + 64, t.size());
            assertEquals(3, t.maxDepth());
            double total = 0;
            for (int[] ls : ld.labels().labels()) {
                assertTrue(ls.length >= 1);
                assertEquals(ls.length, Arrays.stream(ls).distinct().count());
                for (int l : ls) assertTrue(t.isLeaf(l));
                total += ls.length;
            }
            assertEquals(cfg.conceptsPerSample(), total / f.size(), 0.15);
        }
    }

    @Test
    void conceptFrequenciesAreZipfLike() {
        long[] counts = summary.leafCounts();
        double[] p = summary.leafProbability();
        // Observed counts follow the promised ranking (Spearman correlation) ...
        assertTrue(spearman(p, Arrays.stream(counts).asDoubleStream().toArray()) > 0.9);
        // ... and are heavy-headed: the most common concept is far more frequent than the median one.
        long[] sorted = counts.clone();
        Arrays.sort(sorted);
        long top = sorted[sorted.length - 1];
        long median = sorted[sorted.length / 2];
        assertTrue(top > 8 * median, "top " + top + " median " + median);
        // Uniform when the exponent is 0.
        SyntheticBenchmark.Summary flat = SyntheticBenchmark.generate(
                new SyntheticConfig(3000, cfg.streams(), cfg.textStream(), 0.5, 2, 4, 0.0, 3, 1, 0.5, 0.6, 8, 8, 0.5,
                        0.05, List.of(), 0, 7), tmp.resolve("flat"));
        long[] fc = flat.leafCounts().clone();
        Arrays.sort(fc);
        assertTrue(fc[fc.length - 1] < 1.6 * fc[0], Arrays.toString(fc));
    }

    /** Mean feature of samples carrying leaf l minus mean of those that do not, per stream. */
    private static double[][][] conceptShift(LabelledDataset ld, int[] leaves) {
        MultiStreamDataset f = ld.features();
        int n = (int) f.size();
        long[] rows = new long[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        float[][] x = f.readBatch(rows);
        int[][] labels = ld.labels().labels();
        double[][][] shift = new double[f.streamCount()][leaves.length][];
        for (int s = 0; s < f.streamCount(); s++) {
            int d = f.dim(s);
            for (int li = 0; li < leaves.length; li++) {
                double[] with = new double[d];
                double[] without = new double[d];
                int nw = 0;
                for (int r = 0; r < n; r++) {
                    boolean has = false;
                    for (int l : labels[r]) has |= l == leaves[li];
                    double[] acc = has ? with : without;
                    if (has) nw++;
                    for (int c = 0; c < d; c++) acc[c] += x[s][r * d + c];
                }
                double[] diff = new double[d];
                for (int c = 0; c < d; c++) diff[c] = with[c] / Math.max(1, nw) - without[c] / (n - nw);
                shift[s][li] = nw >= 40 ? diff : null; // too rare to estimate
            }
        }
        return shift;
    }

    @Test
    void textStreamIsBlindToUnseenConceptsAndImageStreamsSeeAll() {
        try (LabelledDataset ld = LabelledDataset.open(dir)) {
            int[] leaves = summary.leaves();
            double[][][] shift = conceptShift(ld, leaves);
            int text = cfg.textStreamIndex();
            int visibleCount = 0;
            double minVisible = Double.MAX_VALUE;
            double maxHidden = 0;
            double minImage = Double.MAX_VALUE;
            int estimated = 0;
            for (int l = 0; l < leaves.length; l++) {
                if (summary.textVisible()[l]) visibleCount++;
                if (shift[text][l] == null) continue;
                estimated++;
                double norm = norm(shift[text][l]);
                if (summary.textVisible()[l]) minVisible = Math.min(minVisible, norm);
                else maxHidden = Math.max(maxHidden, norm);
                for (int s = 0; s < shift.length; s++) if (s != text) minImage = Math.min(minImage, norm(shift[s][l]));
            }
            assertEquals(32, visibleCount);
            assertTrue(estimated >= 15, "estimated " + estimated);
            assertTrue(maxHidden > 0, "no hidden concept was frequent enough to test");
            assertTrue(maxHidden < 0.35 * minVisible, "hidden " + maxHidden + " visible " + minVisible);
            assertTrue(minImage > 0.6, "image streams see every concept: min shift " + minImage);
        }
    }

    @Test
    void siblingConceptsPointAlikeUnrelatedOnesDoNot() {
        try (LabelledDataset ld = LabelledDataset.open(dir)) {
            Taxonomy t = ld.labels().taxonomy();
            int[] leaves = summary.leaves();
            double[][][] shift = conceptShift(ld, leaves);
            for (int s = 0; s < shift.length; s++) {
                List<Double> siblings = new ArrayList<>();
                List<Double> unrelated = new ArrayList<>();
                for (int a = 0; a < leaves.length; a++)
                    for (int b = a + 1; b < leaves.length; b++) {
                        if (shift[s][a] == null || shift[s][b] == null) continue;
                        if (s == cfg.textStreamIndex() && !(summary.textVisible()[a] && summary.textVisible()[b])) continue;
                        double cos = cosine(shift[s][a], shift[s][b]);
                        if (t.parent(leaves[a]) == t.parent(leaves[b])) siblings.add(cos);
                        else if (t.ancestorAtDepth(leaves[a], 1) != t.ancestorAtDepth(leaves[b], 1)) unrelated.add(cos);
                    }
                double sib = siblings.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double unr = unrelated.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                // parentCorrelation 0.6: siblings about 0.36, different top-level branches about 0.
                assertTrue(sib > 0.2, "stream " + s + " siblings " + sib);
                assertTrue(Math.abs(unr) < 0.1, "stream " + s + " unrelated " + unr);
            }
        }
    }

    @Test
    void groundTruthDirectionsMatchTheData() throws IOException {
        try (LabelledDataset ld = LabelledDataset.open(dir)) {
            double[][][] shift = conceptShift(ld, summary.leaves());
            // The directions file is a plain .npy (leaves x d); compare with the measured shift of a common leaf.
            Path npy = dir.resolve("ground_truth/dino_leaf_directions.npy");
            var h = org.sparcj.data.store.Npy.readHeader(npy);
            assertEquals(64, h.rows());
            assertEquals(64, h.cols());
            byte[] bytes = Files.readAllBytes(npy);
            var buf = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int common = 0;
            for (int l = 0; l < 64; l++) if (summary.leafCounts()[l] > summary.leafCounts()[common]) common = l;
            double[] dir0 = new double[64];
            for (int c = 0; c < 64; c++) dir0[c] = buf.getFloat((int) h.dataOffset() + (common * 64 + c) * 4);
            assertTrue(cosine(dir0, shift[0][common]) > 0.9);
        }
    }

    private static double[][] leafDirections(Path root, String stream) throws IOException {
        Path npy = root.resolve("ground_truth/" + stream + "_leaf_directions.npy");
        var h = org.sparcj.data.store.Npy.readHeader(npy);
        var buf = java.nio.ByteBuffer.wrap(Files.readAllBytes(npy)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        double[][] out = new double[(int) h.rows()][(int) h.cols()];
        for (int r = 0; r < out.length; r++)
            for (int c = 0; c < out[r].length; c++)
                out[r][c] = buf.getFloat((int) h.dataOffset() + (r * out[r].length + c) * 4);
        return out;
    }

    @Test
    void alignedPairHasThePromisedCosineAndOtherStreamsStayIndependent() throws IOException {
        assertEquals(List.of("clip_img", "clip_txt"), cfg.alignedPair());
        double[][] img = leafDirections(dir, "clip_img");
        double[][] txt = leafDirections(dir, "clip_txt");
        double[][] dino = leafDirections(dir, "dino");
        for (int l = 0; l < img.length; l++)
            assertEquals(cfg.pairAlignment(), cosine(img[l], txt[l]), 1e-5, "leaf " + l);
        // dino has another width; its first 48 coordinates against clip_img's are unrelated (cosine ~ 0).
        double mean = 0;
        for (int l = 0; l < img.length; l++) mean += cosine(Arrays.copyOf(dino[l], 48), img[l]) / img.length;
        assertTrue(Math.abs(mean) < 0.1, "dino vs clip_img " + mean);
        // Another alignment gives exactly that cosine; none leaves the text dictionary unrelated.
        for (double a : new double[]{0.0, 0.5}) {
            Path other = tmp.resolve("align" + a);
            SyntheticBenchmark.generate(cfg.with("samples", 20, "aligned_pair", List.of("clip_img", "clip_txt"), "pair_alignment", a), other);
            double[][] i2 = leafDirections(other, "clip_img");
            double[][] t2 = leafDirections(other, "clip_txt");
            for (int l = 0; l < i2.length; l++) assertEquals(a, cosine(i2[l], t2[l]), 1e-5, "alignment " + a);
        }
        Path none = tmp.resolve("unaligned");
        SyntheticBenchmark.generate(cfg.with("samples", 20, "aligned_pair", List.of(), "pair_alignment", 0), none);
        double[][] i3 = leafDirections(none, "clip_img");
        double[][] t3 = leafDirections(none, "clip_txt");
        double m3 = 0;
        for (int l = 0; l < i3.length; l++) m3 += Math.abs(cosine(i3[l], t3[l])) / i3.length;
        assertTrue(m3 < 0.2, "unaligned mean |cosine| " + m3);
    }

    @Test
    void rawImageToTextRetrievalWorksOnlyWithTheAlignedPair() throws IOException {
        // Nearest clip_txt row (cosine) of each clip_img row among 400 samples: aligned features
        // find their own caption far above chance (1/400); unaligned ones do not.
        assertTrue(rawRecallAt1(dir) > 0.2);
        Path none = tmp.resolve("unaligned400");
        SyntheticBenchmark.generate(cfg.with("samples", 400, "aligned_pair", List.of(), "pair_alignment", 0), none);
        assertTrue(rawRecallAt1(none) < 0.02);
    }

    private static double rawRecallAt1(Path root) {
        try (LabelledDataset ld = LabelledDataset.open(root)) {
            MultiStreamDataset f = ld.features();
            int n = 400;
            long[] rows = new long[n];
            for (int i = 0; i < n; i++) rows[i] = i;
            float[][] b = f.readBatch(rows);
            int img = cfg.streamIndex("clip_img");
            int txt = cfg.streamIndex("clip_txt");
            int d = f.dim(img);
            int hits = 0;
            for (int i = 0; i < n; i++) {
                double[] q = new double[d];
                for (int c = 0; c < d; c++) q[c] = b[img][i * d + c];
                int best = -1;
                double bestCos = -2;
                for (int j = 0; j < n; j++) {
                    double[] t = new double[d];
                    for (int c = 0; c < d; c++) t[c] = b[txt][j * d + c];
                    double cos = cosine(q, t);
                    if (cos > bestCos) {
                        bestCos = cos;
                        best = j;
                    }
                }
                if (best == i) hits++;
            }
            return hits / (double) n;
        }
    }

    @Test
    void configIsValidated() {
        SyntheticConfig d = SyntheticConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.with("samples", 0));
        assertTrue(e.getMessage().contains("samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> d.with("streams", List.of(new StreamInfo("a", 4)), "text_stream", "clip_txt", "aligned_pair", List.of()));
        assertTrue(e.getMessage().contains("text_stream"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.with("depth", 0, "branching", 4));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticConfig(10, d.streams(), null, 0.5, 2, 2, 1, 5,
                1, 0.5, 0.6, 0, 0, 0, 0, List.of(), 0, 1)); // 5 concepts per sample, only 4 leaves
        assertThrows(IllegalArgumentException.class, () -> new SyntheticConfig(10, d.streams(), null, 0.5, 2, 2, 1, 1,
                1, 0.5, 1.0, 0, 0, 0, 0, List.of(), 0, 1)); // parentCorrelation 1
        // The no-text-stream variant generates and every stream sees everything.
        SyntheticBenchmark.Summary s = SyntheticBenchmark.generate(new SyntheticConfig(50, d.streams(), null, 1, 2, 2,
                1, 4, 1, 0.5, 0.6, 0, 0, 0, 0, List.of(), 0, 1), tmp.resolve("nulltext"));
        for (boolean v : s.textVisible()) assertTrue(v);
        for (long c : s.leafCounts()) assertTrue(c > 0);
        // The aligned pair must name two different existing streams of one width, alignment in [0, 1].
        e = assertThrows(IllegalArgumentException.class, () -> d.with("aligned_pair", List.of("clip_img", "nope"), "pair_alignment", 0.9));
        assertTrue(e.getMessage().contains("aligned_pair") && e.getMessage().contains("nope"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.with("aligned_pair", List.of("dino", "clip_txt"), "pair_alignment", 0.9));
        assertTrue(e.getMessage().contains("same dim"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.with("aligned_pair", List.of("clip_img", "clip_img"), "pair_alignment", 0.9));
        assertThrows(IllegalArgumentException.class, () -> d.with("aligned_pair", List.of("clip_img"), "pair_alignment", 0.9));
        e = assertThrows(IllegalArgumentException.class, () -> d.with("aligned_pair", List.of("clip_img", "clip_txt"), "pair_alignment", 1.5));
        assertTrue(e.getMessage().contains("pair_alignment"), e.getMessage());
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double cosine(double[] a, double[] b) {
        return dot(a, b) / (norm(a) * norm(b));
    }

    private static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElseThrow();
        double mb = Arrays.stream(rb).average().orElseThrow();
        double num = 0, da = 0, db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[idx[i]] = i;
        return r;
    }
}
