package org.sparcj.experiments.localise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.Manifest;
import org.sparcj.data.store.PatchFeatures;
import org.sparcj.model.StreamParameters;

/**
 * Writes a query's heatmaps over some samples of a store with patch features: {@code heatmaps.npy}
 * ([n x rows x cols] float32), {@code samples.txt} (their order), one PNG per sample
 * ({@code <i>_<sample>.png}) and {@code localise.json} (the query, the pooling and what the heat means).
 */
public final class Localiser {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Localiser() {
    }

    /** What was written: the samples in order, and how many PNGs were drawn over an image. */
    public record Written(List<String> samples, int onImages) {
    }

    /**
     * The {@code top} samples with patch features whose pooled feature gives the query the highest
     * weighted logit, hottest first.
     */
    public static List<String> topSamples(FeatureStore store, int stream, PatchFeatures patches, PatchAttribution attribution,
                                          LatentQuery query, int top) {
        int d = store.streams().get(stream).dim();
        float[] x = new float[d];
        List<long[]> rows = new ArrayList<>();
        List<Double> logits = new ArrayList<>();
        for (long r = 0; r < store.size(); r++) {
            if (patches.rowOf(store.sampleId(r)) < 0) continue;
            store.readRows(stream, new long[] {r}, x);
            rows.add(new long[] {r});
            logits.add(attribution.logit(x, query));
        }
        return IntStream.range(0, rows.size()).boxed().sorted(Comparator.comparing(i -> -logits.get(i))).limit(top)
                .map(i -> store.sampleId(rows.get(i)[0])).toList();
    }

    public static Written write(Path out, StreamParameters stream, PatchFeatures patches, LatentQuery query, List<String> samples,
                                Map<String, Path> images, String describeQuery) throws IOException {
        Files.createDirectories(out);
        Manifest.Patches spec = patches.spec();
        PatchAttribution attribution = new PatchAttribution(stream, spec.pooling());
        List<double[]> maps = new ArrayList<>();
        int onImages = 0;
        for (int i = 0; i < samples.size(); i++) {
            String id = samples.get(i);
            int row = patches.rowOf(id);
            if (row < 0) throw new IllegalArgumentException("sample '" + id + "' has no patch features in " + spec.file());
            double[] heat = attribution.heatmap(patches.read(row), query);
            maps.add(heat);
            String png = String.format("%03d_%s.png", i, id.replaceAll("[^A-Za-z0-9_.-]", "_"));
            if (HeatmapImages.writePng(out.resolve(png), heat, spec.rows(), spec.cols(), images.get(id))) onImages++;
        }
        HeatmapImages.writeNpy(out.resolve("heatmaps.npy"), maps, spec.rows(), spec.cols());
        Files.write(out.resolve("samples.txt"), samples);
        ObjectNode root = JSON.createObjectNode();
        root.put("stream", stream.stream().name());
        root.put("query", describeQuery);
        var ls = root.putArray("latents");
        for (int q = 0; q < query.latents().length; q++)
            ls.addObject().put("latent", query.latents()[q]).put("weight", query.weights()[q]);
        root.putArray("grid").add(spec.rows()).add(spec.cols());
        root.put("pooling", spec.pooling().name().toLowerCase(java.util.Locale.ROOT));
        root.put("heat", spec.pooling() == Manifest.Pooling.MEAN
                ? "exact: each patch's term of the weighted encoder logit; heat summed over patches plus 'constant' is the logit"
                : "approximation: the weighted logit each patch would get as the pooled (CLS) input");
        if (spec.pooling() == Manifest.Pooling.MEAN) root.put("constant", attribution.constant(query));
        JSON.writeValue(out.resolve("localise.json").toFile(), root);
        return new Written(samples, onImages);
    }
}
