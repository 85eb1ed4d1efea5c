package org.sparcj.data.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.store.Manifest;
import org.sparcj.data.store.PatchFeatures;

/**
 * The synthetic benchmark's patch tokens (docs/LOCALISATION.md, The synthetic benchmark): for each
 * sample, each active concept is planted in a random rectangle of the patch grid (its object) and
 * each of its part-concepts in one vertical strip of that rectangle, with a part direction that
 * only this stream has. The planted regions are written as ground truth. Drawn from its own random
 * stream, so the pooled features of the other streams are those of a generator without patches.
 */
final class PatchTokens {
    static final String REGIONS_SUFFIX = "_patch_regions.tsv";
    static final String PART_DIRECTIONS_SUFFIX = "_part_directions.npy";

    private final SyntheticConfig.Patches cfg;
    private final int stream;
    private final int dim;
    private final double noise;
    private final int patches;
    private final double[][][] partDir;
    private final SplittableRandom rng;
    private final float[][] tokens;
    private final List<String> regions = new ArrayList<>();

    PatchTokens(SyntheticConfig config, int leaves, SplittableRandom rng) {
        this.cfg = config.patches();
        this.stream = config.streamIndex(cfg.stream());
        this.dim = config.streams().get(stream).dim();
        this.noise = config.noise();
        this.patches = cfg.grid() * cfg.grid();
        this.rng = rng;
        partDir = new double[leaves][cfg.parts()][];
        for (double[][] perLeaf : partDir)
            for (int q = 0; q < perLeaf.length; q++) perLeaf[q] = SyntheticBenchmark.unitGaussian(dim, rng);
        tokens = new float[config.samples()][];
    }

    int stream() {
        return stream;
    }

    /**
     * Plants sample {@code row}'s concepts (leaf indices {@code active}, magnitudes {@code mag}) and
     * adds the parts' mean to its pooled feature {@code x} (which already holds the concepts,
     * private factors and noise), so that under MEAN x is exactly the mean of the tokens.
     */
    void plant(int row, int[] active, double[] mag, double[][] leafDir, double[] x) {
        int g = cfg.grid();
        boolean mean = cfg.pooling() == Manifest.Pooling.MEAN;
        double[][] t = new double[patches][dim];
        double[] rest = java.util.Arrays.copyOf(x, dim);
        for (int j = 0; j < active.length; j++) {
            double[] dir = leafDir[active[j]];
            for (int c = 0; c < dim; c++) rest[c] -= mag[j] * dir[c];
            int w = cfg.parts() + rng.nextInt(Math.max(cfg.parts(), g / 2) - cfg.parts() + 1);
            int h = 1 + rng.nextInt(Math.max(1, g / 2));
            int r0 = rng.nextInt(g - h + 1);
            int c0 = rng.nextInt(g - w + 1);
            add(t, row, active[j], 0, r0, h, c0, w, mag[j], dir, mean);
            if (cfg.parts() == 1) continue;
            for (int q = 0; q < cfg.parts(); q++) {
                int from = c0 + q * w / cfg.parts();
                int to = c0 + (q + 1) * w / cfg.parts();
                double[] u = partDir[active[j]][q];
                add(t, row, active[j], q + 1, r0, h, from, to - from, cfg.partScale() * mag[j], u, mean);
                for (int c = 0; c < dim; c++) x[c] += cfg.partScale() * mag[j] * u[c];
            }
        }
        // Private factors and noise: shared by every patch; under MEAN each patch adds its own
        // zero-mean noise (sd noise * sqrt(P)) so that the mean of the patches stays x.
        double sd = mean ? noise * StrictMath.sqrt(patches) : noise;
        double[][] e = new double[patches][dim];
        double[] eMean = new double[dim];
        for (int p = 0; p < patches; p++)
            for (int c = 0; c < dim; c++) {
                e[p][c] = sd * SyntheticBenchmark.gaussian(rng);
                eMean[c] += e[p][c] / patches;
            }
        float[] out = new float[patches * dim];
        for (int p = 0; p < patches; p++)
            for (int c = 0; c < dim; c++)
                out[p * dim + c] = (float) (t[p][c] + rest[c] + e[p][c] - (mean ? eMean[c] : 0));
        tokens[row] = out;
    }

    // Adds amplitude * dir to every patch of the rectangle (scaled by P / area under MEAN, so that it
    // contributes amplitude * dir to the mean) and records the region.
    private void add(double[][] t, int row, int leaf, int part, int r0, int h, int c0, int w, double amplitude,
                     double[] dir, boolean mean) {
        double a = mean ? amplitude * patches / (h * w) : amplitude;
        StringBuilder cells = new StringBuilder();
        for (int r = r0; r < r0 + h; r++)
            for (int c = c0; c < c0 + w; c++) {
                int p = r * cfg.grid() + c;
                for (int i = 0; i < dim; i++) t[p][i] += a * dir[i];
                cells.append(cells.length() == 0 ? "" : ",").append(p);
            }
        regions.add(row + "\t" + leaf + "\t" + part + "\t" + cells);
    }

    /**
     * Writes the tokens ({@code <stream>_patches.npy}, recorded in the manifest) and the ground truth:
     * {@code ground_truth/<stream>_patch_regions.tsv} (sample, concept, part: 0 the object, 1.. its
     * parts; the patch indices, row-major) and {@code ground_truth/<stream>_part_directions.npy}
     * ([leaves * parts x d], leaf-major).
     */
    void write(Path dir, Path truthDir, Taxonomy tax, int[] leaves, IntFunction<String> id) throws IOException {
        String name = cfg.stream();
        PatchFeatures.write(dir, name, cfg.grid(), cfg.grid(), cfg.pooling(), tokens.length, dim, r -> tokens[(int) r]);
        try (BufferedWriter w = Files.newBufferedWriter(truthDir.resolve(name + REGIONS_SUFFIX), StandardCharsets.UTF_8)) {
            w.write("sample_id\tconcept\tpart\tpatches\n");
            for (String line : regions) {
                String[] f = line.split("\t");
                w.write(id.apply(Integer.parseInt(f[0])) + "\t" + tax.id(leaves[Integer.parseInt(f[1])]) + "\t" + f[2]
                        + "\t" + f[3] + "\n");
            }
        }
        double[][] flat = new double[partDir.length * cfg.parts()][];
        for (int l = 0; l < partDir.length; l++)
            for (int q = 0; q < cfg.parts(); q++) flat[l * cfg.parts() + q] = partDir[l][q];
        SyntheticBenchmark.writeMatrix(truthDir.resolve(name + PART_DIRECTIONS_SUFFIX), flat);
    }
}
