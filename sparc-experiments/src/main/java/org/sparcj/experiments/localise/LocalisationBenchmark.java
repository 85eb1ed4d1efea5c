package org.sparcj.experiments.localise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sparcj.data.DataFileException;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.data.store.Manifest;
import org.sparcj.data.store.Npy;
import org.sparcj.data.store.PatchFeatures;
import org.sparcj.data.synthetic.SyntheticBenchmark;
import org.sparcj.model.SparcModel;

/**
 * The synthetic localisation benchmark (docs/LOCALISATION.md): on the test rows of a synthetic
 * store with patch tokens, each text-visible concept is queried through the text stream (its
 * text-stream direction, encoded by the model: a caption naming only that concept), and its heatmap
 * in the patch stream is scored against the planted object; each part-concept is queried through
 * the patch stream (its part direction, encoded) and scored within its object.
 * <ul>
 * <li>{@code localise.pointing}: share of (sample, object) whose hottest patch lies in the object;
 * {@code localise.pointing_chance}: the mean share of the grid the objects cover.</li>
 * <li>{@code localise.iou}: mean IoU of the object with the |object| hottest patches.</li>
 * <li>{@code localise.parts.pointing}: share of (sample, object, part) whose hottest patch within
 * the object lies in the part's strip; {@code localise.parts.chance}: the mean share of its object a
 * part covers. Near chance: the parts do not get heatmaps of their own.</li>
 * </ul>
 */
public final class LocalisationBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalisationBenchmark() {
    }

    /** Where a concept or part was planted in one sample. */
    private record Region(String sample, String concept, int part, Set<Integer> patches) {
    }

    /** The metrics, or an empty map when {@code store} is not a synthetic store with patch tokens. */
    public static Map<String, Double> metrics(SparcModel model, FeatureStore store, long[] testRows) {
        Path dir = store.directory();
        Path truth = dir.resolve(SyntheticBenchmark.TRUTH_FILE);
        Manifest manifest = Manifest.read(dir);
        Manifest.Entry vision = manifest.streams().stream().filter(e -> e.patches() != null).findFirst().orElse(null);
        Path regionsFile = vision == null ? null : dir.resolve(SyntheticBenchmark.DIRECTIONS_DIR).resolve(vision.name() + "_patch_regions.tsv");
        if (vision == null || !Files.isRegularFile(truth) || !Files.isRegularFile(regionsFile)) return Map.of();
        try {
            JsonNode root = JSON.readTree(truth.toFile());
            String textStream = root.path("config").path("text_stream").asText(null);
            int parts = root.path("config").path("patches").path("parts").asInt(1);
            if (textStream == null) return Map.of();
            Map<String, Integer> leafIndex = new HashMap<>();
            Set<String> visible = new HashSet<>();
            int l = 0;
            for (JsonNode leaf : root.path("leaves")) {
                leafIndex.put(leaf.get("id").asText(), l++);
                if (leaf.get("text_visible").asBoolean()) visible.add(leaf.get("id").asText());
            }
            int textIdx = indexOf(model, textStream);
            int visionIdx = indexOf(model, vision.name());
            float[][] textDirs = rows(dir.resolve(SyntheticBenchmark.DIRECTIONS_DIR).resolve(textStream + "_leaf_directions.npy"));
            float[][] partDirs = rows(dir.resolve(SyntheticBenchmark.DIRECTIONS_DIR).resolve(vision.name() + "_part_directions.npy"));
            PatchAttribution attribution = new PatchAttribution(model.parameters().get(visionIdx), vision.patches().pooling());
            PatchFeatures patches = PatchFeatures.open(store, vision.name());

            Set<String> test = new HashSet<>();
            for (long r : testRows) test.add(store.sampleId(r));
            Map<String, List<Region>> bySample = new TreeMap<>();
            for (Region g : regions(regionsFile)) if (test.contains(g.sample())) bySample.computeIfAbsent(g.sample(), k -> new ArrayList<>()).add(g);

            Map<String, LatentQuery> conceptQuery = new HashMap<>();
            Map<String, LatentQuery> partQuery = new HashMap<>();
            double hits = 0, iou = 0, chance = 0, partHits = 0, partChance = 0;
            int objects = 0, partCount = 0;
            for (var e : bySample.entrySet()) {
                int row = patches.rowOf(e.getKey());
                if (row < 0) continue;
                float[] tokens = patches.read(row);
                Map<String, Region> objectOf = new HashMap<>();
                for (Region g : e.getValue()) if (g.part() == 0) objectOf.put(g.concept(), g);
                for (Region g : e.getValue()) {
                    int leaf = leafIndex.get(g.concept());
                    if (g.part() == 0) {
                        if (!visible.contains(g.concept())) continue;
                        LatentQuery q = conceptQuery.computeIfAbsent(g.concept(),
                                c -> LatentQuery.ofCodes(model.encode(textIdx, textDirs[leaf], 1)));
                        double[] heat = attribution.heatmap(tokens, q);
                        hits += g.patches().contains(argmax(heat, null)) ? 1 : 0;
                        iou += iou(heat, g.patches());
                        chance += (double) g.patches().size() / heat.length;
                        objects++;
                    } else {
                        Region object = objectOf.get(g.concept());
                        LatentQuery q = partQuery.computeIfAbsent(g.concept() + "#" + g.part(),
                                c -> LatentQuery.ofCodes(model.encode(visionIdx, partDirs[leaf * parts + g.part() - 1], 1)));
                        double[] heat = attribution.heatmap(tokens, q);
                        partHits += g.patches().contains(argmax(heat, object.patches())) ? 1 : 0;
                        partChance += (double) g.patches().size() / object.patches().size();
                        partCount++;
                    }
                }
            }
            Map<String, Double> out = new TreeMap<>();
            if (objects > 0) {
                out.put("localise.pointing", hits / objects);
                out.put("localise.iou", iou / objects);
                out.put("localise.pointing_chance", chance / objects);
            }
            if (partCount > 0) {
                out.put("localise.parts.pointing", partHits / partCount);
                out.put("localise.parts.chance", partChance / partCount);
            }
            return out;
        } catch (IOException e) {
            throw new DataFileException(truth, "cannot read the localisation ground truth: " + e.getMessage(), e);
        }
    }

    /** The hottest patch, among {@code within} when it is non-null (first of equals). */
    static int argmax(double[] heat, Set<Integer> within) {
        int best = -1;
        for (int j = 0; j < heat.length; j++)
            if ((within == null || within.contains(j)) && (best < 0 || heat[j] > heat[best])) best = j;
        return best;
    }

    /** IoU of {@code region} with the |region| hottest patches. */
    static double iou(double[] heat, Set<Integer> region) {
        Integer[] order = new Integer[heat.length];
        for (int j = 0; j < heat.length; j++) order[j] = j;
        Arrays.sort(order, (a, b) -> Double.compare(heat[b], heat[a]));
        int inter = 0;
        for (int i = 0; i < region.size(); i++) if (region.contains(order[i])) inter++;
        return (double) inter / (2 * region.size() - inter);
    }

    private static int indexOf(SparcModel model, String stream) {
        for (int s = 0; s < model.streams().size(); s++) if (model.streams().get(s).name().equals(stream)) return s;
        throw new IllegalArgumentException("the model has no stream '" + stream + "'");
    }

    private static List<Region> regions(Path file) throws IOException {
        List<Region> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            Set<Integer> cells = new HashSet<>();
            for (String c : f[3].split(",")) cells.add(Integer.parseInt(c));
            out.add(new Region(f[0], f[1], Integer.parseInt(f[2]), cells));
        }
        return out;
    }

    /** The rows of a 2-D float32 .npy file. */
    static float[][] rows(Path file) throws IOException {
        Npy.Header h = Npy.readHeader(file);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[(int) h.rows()][h.cols()];
        for (int r = 0; r < out.length; r++)
            for (int c = 0; c < h.cols(); c++) out[r][c] = b.getFloat((int) (h.dataOffset() + 4L * (r * (long) h.cols() + c)));
        return out;
    }
}
