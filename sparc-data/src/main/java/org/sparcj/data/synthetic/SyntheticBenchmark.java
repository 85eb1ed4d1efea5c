package org.sparcj.data.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sparcj.data.DataFileException;
import org.sparcj.data.LabelsIo;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.TaxonomyIo;
import org.sparcj.data.store.FeatureStoreWriter;
import org.sparcj.data.store.Npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded multi-stream dataset with known concepts, built to exercise what SPARC claims to fix.
 * <ul>
 * <li>A full concept tree ({@code depth}, {@code branching}); leaves are the concepts a sample can
 * carry. Leaf frequencies follow a Zipf law over a random ranking of the leaves, so a few concepts
 * are very common. Each sample activates 1 + Poisson(conceptsPerSample - 1) distinct leaves with
 * log-normal magnitudes shared by all streams; its labels are exactly those leaves.</li>
 * <li>Each stream s sees a concept through its own random dictionary in R^{d_s}: depth-1 directions
 * are random unit vectors, and a child's direction has cosine {@code parentCorrelation} with its
 * parent's (so siblings have cosine about parentCorrelation^2).</li>
 * <li>An aligned stream pair (as contrastive training aligns CLIP's image and text embeddings):
 * the second stream's direction of each leaf has cosine {@code pairAlignment} with the first's, so
 * raw features of the two are comparable (raw cross-stream retrieval works).</li>
 * <li>Each stream adds its own private factors (the text stream {@code textPrivateFactors} of them) (random directions, each active with probability
 * {@value SyntheticConfig#PRIVATE_FACTOR_ACTIVITY}) and Gaussian noise.</li>
 * <li>The text-like stream sees only a random {@code textCoverage} fraction of the leaf concepts
 * (as captions mention only some objects); the others leave no trace in it.</li>
 * </ul>
 * Output in {@code outDir}: a feature store, {@code taxonomy.tsv}, {@code labels.tsv} (open with
 * {@link org.sparcj.data.store.LabelledDataset#open}), {@code synthetic.json} (the config and per-leaf
 * truth: Zipf probability, text visibility) and {@code ground_truth/<stream>_leaf_directions.npy}
 * (leaves x d_s, leaves in {@link Taxonomy#leaves()} order). All arithmetic is in Java with
 * {@link StrictMath}, so the same config gives byte-identical files on any JVM. With
 * {@code patches.grid > 0} one stream also gets patch tokens and planted regions ({@link PatchTokens}).
 */
public final class SyntheticBenchmark {
    public static final String TRUTH_FILE = "synthetic.json";
    public static final String DIRECTIONS_DIR = "ground_truth";
    private static final int BATCH = 256;

    private SyntheticBenchmark() {
    }

    /**
     * What the generator decided, indexed by leaf position in {@code taxonomy.leaves()}.
     *
     * @param leafProbability Zipf sampling weight of each leaf (sums to 1)
     * @param textVisible     whether the text stream sees each leaf (all true without a text stream)
     * @param leafCounts      samples carrying each leaf
     */
    public record Summary(Taxonomy taxonomy, int[] leaves, double[] leafProbability, boolean[] textVisible,
                          long[] leafCounts) {
    }

    public static Summary generate(SyntheticConfig cfg, Path outDir) {
        Taxonomy tax = conceptTree(cfg.depth(), cfg.branching());
        int[] leaves = tax.leaves().stream().mapToInt(Integer::intValue).toArray();
        int nLeaves = leaves.length;
        SplittableRandom root = new SplittableRandom(cfg.seed());
        SplittableRandom rankRng = root.split();
        SplittableRandom textRng = root.split();
        SplittableRandom dictRng = root.split();
        SplittableRandom sampleRng = root.split();
        // Split after the others: with patch tokens off, every other draw is as it was before they existed.
        PatchTokens tokens = cfg.patches().enabled() ? new PatchTokens(cfg, nLeaves, root.split()) : null;

        // Zipf weights over a random ranking of the leaves.
        int[] rankOf = permutation(nLeaves, rankRng);
        double[] prob = new double[nLeaves];
        double total = 0;
        for (int l = 0; l < nLeaves; l++) total += prob[l] = 1 / StrictMath.pow(rankOf[l] + 1, cfg.zipfExponent());
        for (int l = 0; l < nLeaves; l++) prob[l] /= total;
        double[] cumulative = new double[nLeaves];
        double acc = 0;
        for (int l = 0; l < nLeaves; l++) cumulative[l] = acc += prob[l];

        // Leaves the text stream can see: a random subset of the requested size (at least one).
        boolean[] textVisible = new boolean[nLeaves];
        int textIdx = cfg.textStreamIndex();
        if (textIdx < 0) {
            Arrays.fill(textVisible, true);
        } else {
            int visible = Math.max(1, (int) Math.round(cfg.textCoverage() * nLeaves));
            int[] order = permutation(nLeaves, textRng);
            for (int l = 0; l < nLeaves; l++) textVisible[l] = order[l] < visible;
        }

        List<StreamInfo> streams = cfg.streams();
        int m = streams.size();
        double[][][] leafDir = new double[m][][];
        double[][][] privateDir = new double[m][][];
        for (int s = 0; s < m; s++) {
            int d = streams.get(s).dim();
            double[][] nodeDir = new double[tax.size()][];
            for (int node = 1; node < tax.size(); node++) {
                double[] g = unitGaussian(d, dictRng);
                int parent = tax.parent(node);
                if (parent == 0) {
                    nodeDir[node] = g;
                } else {
                    // child = rho * parent + sqrt(1 - rho^2) * (unit vector orthogonal to the parent)
                    double[] p = nodeDir[parent];
                    double dot = dot(g, p);
                    for (int i = 0; i < d; i++) g[i] -= dot * p[i];
                    normalise(g);
                    double rho = cfg.parentCorrelation();
                    double sigma = StrictMath.sqrt(1 - rho * rho);
                    double[] c = new double[d];
                    for (int i = 0; i < d; i++) c[i] = rho * p[i] + sigma * g[i];
                    normalise(c);
                    nodeDir[node] = c;
                }
            }
            leafDir[s] = new double[nLeaves][];
            for (int l = 0; l < nLeaves; l++) leafDir[s][l] = nodeDir[leaves[l]];
            int factors = s == textIdx ? cfg.textPrivateFactors() : cfg.privateFactors();
            privateDir[s] = new double[factors][];
            for (int f = 0; f < factors; f++) privateDir[s][f] = unitGaussian(d, dictRng);
        }
        if (!cfg.alignedPair().isEmpty()) {
            // second = a * first + sqrt(1 - a^2) * (its own direction made orthogonal to first): cosine exactly a
            double[][] first = leafDir[cfg.streamIndex(cfg.alignedPair().get(0))];
            double[][] second = leafDir[cfg.streamIndex(cfg.alignedPair().get(1))];
            double a = cfg.pairAlignment();
            double b = StrictMath.sqrt(1 - a * a);
            for (int l = 0; l < nLeaves; l++) {
                double[] f = first[l];
                double[] own = second[l].clone();
                double dot = dot(own, f);
                for (int i = 0; i < own.length; i++) own[i] -= dot * f[i];
                normalise(own);
                double[] c = new double[own.length];
                for (int i = 0; i < c.length; i++) c[i] = a * f[i] + b * own[i];
                normalise(c);
                second[l] = c;
            }
        }

        int[][] labels = new int[cfg.samples()][];
        long[] counts = new long[nLeaves];
        int width = Integer.toString(cfg.samples() - 1).length();
        try (FeatureStoreWriter w = FeatureStoreWriter.create(outDir, streams, cfg.samples())) {
            for (int start = 0; start < cfg.samples(); start += BATCH) {
                int count = Math.min(BATCH, cfg.samples() - start);
                float[][] batch = new float[m][];
                for (int s = 0; s < m; s++) batch[s] = new float[count * streams.get(s).dim()];
                List<String> ids = new ArrayList<>(count);
                double[] x = new double[streams.stream().mapToInt(StreamInfo::dim).max().orElse(0)];
                for (int i = 0; i < count; i++) {
                    int row = start + i;
                    ids.add(String.format("syn-%0" + width + "d", row));
                    int k = Math.min(nLeaves, 1 + poisson(cfg.conceptsPerSample() - 1, sampleRng));
                    int[] active = drawDistinct(k, cumulative, sampleRng);
                    double[] mag = new double[k];
                    for (int j = 0; j < k; j++) mag[j] = logNormal(cfg.magnitudeMean(), cfg.magnitudeLogSd(), sampleRng);
                    int[] nodes = new int[k];
                    for (int j = 0; j < k; j++) {
                        nodes[j] = leaves[active[j]];
                        counts[active[j]]++;
                    }
                    Arrays.sort(nodes);
                    labels[row] = nodes;
                    for (int s = 0; s < m; s++) {
                        int d = streams.get(s).dim();
                        Arrays.fill(x, 0, d, 0);
                        for (int j = 0; j < k; j++) {
                            if (s == textIdx && !textVisible[active[j]]) continue;
                            double[] dir = leafDir[s][active[j]];
                            for (int c = 0; c < d; c++) x[c] += mag[j] * dir[c];
                        }
                        for (double[] pd : privateDir[s]) {
                            if (sampleRng.nextDouble() >= SyntheticConfig.PRIVATE_FACTOR_ACTIVITY) continue;
                            double a = cfg.privateScale() * logNormal(1, cfg.magnitudeLogSd(), sampleRng);
                            for (int c = 0; c < d; c++) x[c] += a * pd[c];
                        }
                        for (int c = 0; c < d; c++) {
                            x[c] += cfg.noise() * gaussian(sampleRng);
                            batch[s][i * d + c] = (float) x[c];
                        }
                        if (tokens != null && s == tokens.stream()) {
                            tokens.plant(row, active, mag, leafDir[s], x);
                            for (int c = 0; c < d; c++) batch[s][i * d + c] = (float) x[c];
                        }
                    }
                }
                w.appendBatch(ids, batch);
            }
        }

        try {
            TaxonomyIo.write(outDir.resolve(TaxonomyIo.FILE_NAME), tax);
            SampleLabels sl = new SampleLabels(tax, labels);
            LabelsIo.write(outDir.resolve(LabelsIo.FILE_NAME), sl, r -> String.format("syn-%0" + width + "d", r));
            writeTruth(cfg, tax, leaves, prob, textVisible, counts, outDir.resolve(TRUTH_FILE));
            Path dirs = Files.createDirectories(outDir.resolve(DIRECTIONS_DIR));
            for (int s = 0; s < m; s++)
                writeMatrix(dirs.resolve(streams.get(s).name() + "_leaf_directions.npy"), leafDir[s]);
            if (tokens != null) tokens.write(outDir, dirs, tax, leaves, r -> String.format("syn-%0" + width + "d", r));
        } catch (IOException e) {
            throw new DataFileException(outDir, "cannot write synthetic benchmark: " + e.getMessage(), e);
        }
        return new Summary(tax, leaves, prob, textVisible, counts);
    }

    /** Full tree: root "syn:root", nodes "syn:1.3.2" (path of 1-based child numbers), breadth first. */
    static Taxonomy conceptTree(int depth, int branching) {
        List<String> ids = new ArrayList<>(List.of("syn:root"));
        List<String> names = new ArrayList<>(List.of("concepts"));
        List<Integer> parents = new ArrayList<>(List.of(-1));
        List<String> paths = new ArrayList<>(List.of(""));
        int levelStart = 0;
        int levelEnd = 1;
        for (int level = 1; level <= depth; level++) {
            for (int p = levelStart; p < levelEnd; p++) {
                for (int b = 1; b <= branching; b++) {
                    String path = paths.get(p).isEmpty() ? Integer.toString(b) : paths.get(p) + "." + b;
                    paths.add(path);
                    ids.add("syn:" + path);
                    names.add("concept " + path);
                    parents.add(p);
                }
            }
            levelStart = levelEnd;
            levelEnd = ids.size();
        }
        return new Taxonomy(ids, names, parents.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void writeTruth(SyntheticConfig cfg, Taxonomy tax, int[] leaves, double[] prob, boolean[] visible,
                                   long[] counts, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ObjectNode c = root.putObject("config");
        c.put("samples", cfg.samples());
        ArrayNode st = c.putArray("streams");
        for (StreamInfo s : cfg.streams()) st.addObject().put("name", s.name()).put("dim", s.dim());
        c.put("text_stream", cfg.textStream());
        c.put("text_coverage", cfg.textCoverage());
        c.put("depth", cfg.depth());
        c.put("branching", cfg.branching());
        c.put("zipf_exponent", cfg.zipfExponent());
        c.put("concepts_per_sample", cfg.conceptsPerSample());
        c.put("magnitude_mean", cfg.magnitudeMean());
        c.put("magnitude_log_sd", cfg.magnitudeLogSd());
        c.put("parent_correlation", cfg.parentCorrelation());
        c.put("private_factors", cfg.privateFactors());
        c.put("text_private_factors", cfg.textPrivateFactors());
        c.put("private_scale", cfg.privateScale());
        c.put("noise", cfg.noise());
        ArrayNode pair = c.putArray("aligned_pair");
        cfg.alignedPair().forEach(pair::add);
        c.put("pair_alignment", cfg.pairAlignment());
        c.put("seed", cfg.seed());
        if (cfg.patches().enabled()) {
            SyntheticConfig.Patches p = cfg.patches();
            c.putObject("patches").put("grid", p.grid()).put("stream", p.stream()).put("pooling", p.pooling().name())
                    .put("parts", p.parts()).put("part_scale", p.partScale());
        }
        ArrayNode ls = root.putArray("leaves");
        for (int l = 0; l < leaves.length; l++)
            ls.addObject().put("id", tax.id(leaves[l])).put("probability", prob[l]).put("text_visible", visible[l])
                    .put("count", counts[l]);
        json.writeValue(file.toFile(), root);
    }

    static void writeMatrix(Path file, double[][] rows) throws IOException {
        int d = rows.length == 0 ? 1 : rows[0].length;
        ByteBuffer b = ByteBuffer.allocate(Npy.WRITTEN_HEADER_BYTES + rows.length * d * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.headerBytes(rows.length, d));
        for (double[] r : rows) for (double v : r) b.putFloat((float) v);
        Files.write(file, b.array());
    }

    // ---- seeded sampling helpers (StrictMath only, for bit-reproducibility) ----

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * k distinct indices drawn by weight (cumulative weights), by redrawing repeats; after many
     * repeats in a row (k close to the number of leaves) it draws from the remaining weight directly.
     */
    private static int[] drawDistinct(int k, double[] cumulative, SplittableRandom rng) {
        int n = cumulative.length;
        boolean[] taken = new boolean[n];
        int[] out = new int[k];
        int got = 0;
        int misses = 0;
        while (got < k) {
            int idx;
            if (misses < 32) {
                double u = rng.nextDouble() * cumulative[n - 1];
                idx = Arrays.binarySearch(cumulative, u);
                idx = idx >= 0 ? Math.min(idx + 1, n - 1) : -idx - 1;
            } else {
                double left = 0;
                for (int i = 0; i < n; i++) if (!taken[i]) left += weight(cumulative, i);
                double u = rng.nextDouble() * left;
                idx = -1;
                for (int i = 0; i < n && idx < 0; i++) {
                    if (taken[i]) continue;
                    u -= weight(cumulative, i);
                    if (u < 0) idx = i;
                }
                if (idx < 0) for (int i = n - 1; i >= 0 && idx < 0; i--) if (!taken[i]) idx = i;
            }
            if (taken[idx]) {
                misses++;
                continue;
            }
            taken[idx] = true;
            out[got++] = idx;
            misses = 0;
        }
        return out;
    }

    private static double weight(double[] cumulative, int i) {
        return i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1];
    }

    private static int poisson(double mean, SplittableRandom rng) {
        if (mean <= 0) return 0;
        double limit = StrictMath.exp(-mean);
        double p = rng.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= rng.nextDouble();
            k++;
        }
        return k;
    }

    /** Box-Muller with StrictMath (the JDK's nextGaussian is not specified bit for bit). */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble(); // (0, 1]
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    private static double logNormal(double mean, double logSd, SplittableRandom rng) {
        return mean * StrictMath.exp(logSd * gaussian(rng) - logSd * logSd / 2);
    }

    static double[] unitGaussian(int d, SplittableRandom rng) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = gaussian(rng);
        normalise(v);
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void normalise(double[] v) {
        double n = StrictMath.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) v[i] /= n;
    }
}
