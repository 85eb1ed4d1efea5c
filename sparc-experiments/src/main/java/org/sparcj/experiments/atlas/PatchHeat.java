package org.sparcj.experiments.atlas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.Manifest;
import org.sparcj.data.store.PatchFeatures;
import org.sparcj.experiments.localise.HeatmapImages;
import org.sparcj.experiments.localise.LatentQuery;
import org.sparcj.experiments.localise.PatchAttribution;
import org.sparcj.model.StreamParameters;

/**
 * The latent pages' heatmaps (docs/LOCALISATION.md): for a stream with patch features, each shown
 * sample gets the PNG of its patches' contributions to the latent ({@code heat/<latent>_<row>.png}),
 * over its image when {@code images.tsv} names one.
 */
final class PatchHeat {
    private final Path out;
    private final int stream;
    private final PatchFeatures patches;
    private final PatchAttribution attribution;
    private final MultiStreamDataset data;
    private final Map<String, Path> images;

    private PatchHeat(Path out, int stream, PatchFeatures patches, PatchAttribution attribution, MultiStreamDataset data,
                      Map<String, Path> images) {
        this.out = out;
        this.stream = stream;
        this.patches = patches;
        this.attribution = attribution;
        this.data = data;
        this.images = images;
    }

    /** The heatmaps of the first stream with patch features, or null when the data has none. */
    static PatchHeat of(Path out, List<StreamParameters> parameters, MultiStreamDataset data) {
        if (!(data instanceof FeatureStore store)) return null;
        Manifest m = Manifest.read(store.directory());
        for (int s = 0; s < data.streams().size(); s++) {
            Manifest.Entry e = m.stream(data.streams().get(s).name());
            if (e != null && e.patches() != null)
                return new PatchHeat(out, s, PatchFeatures.open(store, e.name()),
                        new PatchAttribution(parameters.get(s), e.patches().pooling()), data,
                        HeatmapImages.images(store.directory()));
        }
        return null;
    }

    /** The page-relative PNG of latent {@code latent} on dataset row {@code row} of stream {@code s}, or null. */
    String draw(int latent, int s, long row) throws IOException {
        if (s != stream) return null;
        String id = data.sampleId(row);
        int r = patches.rowOf(id);
        if (r < 0) return null;
        double[] heat = attribution.heatmap(patches.read(r), new LatentQuery(new int[] {latent}, new double[] {1}));
        String name = "heat/" + latent + "_" + row + ".png";
        Files.createDirectories(out.resolve("heat"));
        HeatmapImages.writePng(out.resolve(name), heat, patches.spec().rows(), patches.spec().cols(), images.get(id));
        return name;
    }
}
