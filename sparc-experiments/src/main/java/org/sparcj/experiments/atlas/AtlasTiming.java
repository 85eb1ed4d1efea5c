package org.sparcj.experiments.atlas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sparcj.data.InMemoryDataset;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.model.SparcConfig;
import org.sparcj.model.SparcModel;

/**
 * The atlas at paper scale (scripts/bench-atlas.sh): an untrained model with L latents over three streams
 * (768, 768, 512) and random labelled rows; prints the build time and the site's size. The site's size
 * follows L, the top-N and the distinct shown samples, not what the latents mean, so an untrained model measures it.
 * Usage: AtlasTiming OUT_DIR [latents=8192] [rows=20000] [k=64]
 */
public final class AtlasTiming {
    private AtlasTiming() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int latents = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        List<StreamInfo> streams = List.of(new StreamInfo("dino", 768), new StreamInfo("clip_img", 768), new StreamInfo("clip_txt", 512));
        SplittableRandom rng = new SplittableRandom(1);
        float[][] x = new float[streams.size()][];
        for (int s = 0; s < x.length; s++) {
            x[s] = new float[rows * streams.get(s).dim()];
            for (int i = 0; i < x[s].length; i++) x[s][i] = (float) rng.nextGaussian();
        }
        // 600 leaf classes under 20 parents, two labels a sample (Open Images has 600 boxable classes).
        List<String> ids = new ArrayList<>(List.of("root")), names = new ArrayList<>(List.of("root"));
        List<Integer> parents = new ArrayList<>(List.of(-1));
        for (int p = 0; p < 20; p++) {
            ids.add("p" + p);
            names.add("group " + p);
            parents.add(0);
        }
        for (int c = 0; c < 600; c++) {
            ids.add("c" + c);
            names.add("class " + c);
            parents.add(1 + c % 20);
        }
        Taxonomy taxonomy = new Taxonomy(ids, names, parents.stream().mapToInt(Integer::intValue).toArray());
        int[][] labels = new int[rows][];
        for (int r = 0; r < rows; r++) labels[r] = new int[] {21 + rng.nextInt(600), 21 + rng.nextInt(600)};
        long[] all = java.util.stream.LongStream.range(0, rows).toArray();
        SparcConfig cfg = SparcConfig.defaults(streams).with("latent_size", latents, "k", k, "topk", org.sparcj.model.TopKMode.GLOBAL);
        try (SparcModel model = SparcModel.createForInference(cfg)) {
            InMemoryDataset data = new InMemoryDataset(streams, x, rows);
            Atlas.Built b = Atlas.build(out, model, model.parameters(), data, all, new SampleLabels(taxonomy, labels),
                    new AtlasSite.Header("bench", "GLOBAL", k, "random rows"), null, new Atlas.Options(12, 50, 0.3, 1024), r -> { });
            long index = Files.size(out.resolve("data/index.js"));
            System.out.printf("atlas: L = %d, 3 streams, %d rows, k = %d: %.1f s, %d files, %.1f MB (index %.1f MB)%n",
                    latents, rows, k, b.seconds(), b.files(), b.bytes() / 1e6, index / 1e6);
        }
    }
}
