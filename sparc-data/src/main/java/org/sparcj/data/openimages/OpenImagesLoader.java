package org.sparcj.data.openimages;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.sparcj.data.CsvLine;
import org.sparcj.data.DataFileException;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.Taxonomy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Builds Open Images samples as in the paper: one sample per image-caption pair, the caption from
 * Localized Narratives (JSON Lines with {@code image_id} and {@code caption}), the labels from the
 * image-level labels CSV ({@code ImageID,Source,LabelName,Confidence}).
 * Both files are streamed: narratives are read first (only image_id and caption are kept; traces are
 * skipped by the parser), then the label CSV line by line keeping only classes of captioned images,
 * so the tens of millions of label rows are never held. Samples whose image has no usable label keep
 * an empty label set and are counted in the report.
 */
public final class OpenImagesLoader {
    /** Default: keep only human-verified positives (Confidence 1). */
    public static final double DEFAULT_MIN_CONFIDENCE = 1.0;

    private OpenImagesLoader() {
    }

    /** What was read and what was left out, by reason. */
    public record Report(long narrativesRead, long narrativesWithoutCaption, long labelRowsRead,
                         long labelRowsBelowConfidence, long labelRowsUnknownClass, long labelRowsOtherImages,
                         long samples, long samplesWithoutLabels) {
        @Override
        public String toString() {
            return samples + " samples (" + samplesWithoutLabels + " without labels) from " + narrativesRead
                    + " narratives (" + narrativesWithoutCaption + " without caption skipped); " + labelRowsRead
                    + " label rows: " + labelRowsBelowConfidence + " below confidence, " + labelRowsUnknownClass
                    + " classes not in the taxonomy, " + labelRowsOtherImages + " for images without captions";
        }
    }

    /**
     * Samples in narrative order. Sample ID {@code <ImageID>#<k>}: the k-th narrative (0-based) of that
     * image in the files given. {@code labels.labels()[i]} are taxonomy node indices, sorted.
     */
    public record Samples(List<String> sampleIds, List<String> imageIds, List<String> captions, SampleLabels labels,
                          Report report) {
        public int size() {
            return sampleIds.size();
        }
    }

    /**
     * @param labelCsvs     image-level label files (any number; e.g. the test split's human labels)
     * @param narratives    Localized Narratives JSONL files
     * @param taxonomy      e.g. {@link OpenImagesTaxonomy#load}; label MIDs not in it are counted and skipped
     * @param minConfidence keep label rows with Confidence >= this (1.0: verified positives only)
     */
    public static Samples load(List<Path> labelCsvs, List<Path> narratives, Taxonomy taxonomy, double minConfidence) {
        if (!(minConfidence >= 0 && minConfidence <= 1))
            throw new IllegalArgumentException("minConfidence must be in [0, 1], got " + minConfidence);
        List<String> sampleIds = new ArrayList<>();
        List<String> imageIds = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        Map<String, Integer> perImage = new HashMap<>();
        long[] narr = new long[2];
        JsonFactory json = new JsonFactory();
        for (Path f : narratives) readNarratives(f, json, sampleIds, imageIds, captions, perImage, narr);

        Map<String, TreeSet<Integer>> labels = new LinkedHashMap<>();
        for (String id : perImage.keySet()) labels.put(id, new TreeSet<>());
        long[] rows = new long[4];
        for (Path f : labelCsvs) readLabels(f, taxonomy, minConfidence, labels, rows);

        int[][] ls = new int[sampleIds.size()][];
        long withoutLabels = 0;
        Map<String, int[]> cache = new HashMap<>();
        for (int i = 0; i < ls.length; i++) {
            ls[i] = cache.computeIfAbsent(imageIds.get(i),
                    k -> labels.get(k).stream().mapToInt(Integer::intValue).toArray());
            if (ls[i].length == 0) withoutLabels++;
        }
        Report report = new Report(narr[0], narr[1], rows[0], rows[1], rows[2], rows[3], sampleIds.size(), withoutLabels);
        return new Samples(List.copyOf(sampleIds), List.copyOf(imageIds), List.copyOf(captions),
                new SampleLabels(taxonomy, ls), report);
    }

    public static Samples load(Path labelCsv, Path narratives, Taxonomy taxonomy) {
        return load(List.of(labelCsv), List.of(narratives), taxonomy, DEFAULT_MIN_CONFIDENCE);
    }

    private static void readNarratives(Path file, JsonFactory json, List<String> sampleIds, List<String> imageIds,
                                       List<String> captions, Map<String, Integer> perImage, long[] counts) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String imageId = null;
                String caption = null;
                try (JsonParser p = json.createParser(line)) {
                    if (p.nextToken() != JsonToken.START_OBJECT)
                        throw new DataFileException(file, "line " + lineNo + ": not a JSON object");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (field.equals("image_id") && v.isScalarValue()) imageId = p.getText();
                        else if (field.equals("caption") && v == JsonToken.VALUE_STRING) caption = p.getText();
                        else p.skipChildren();
                    }
                } catch (IOException e) {
                    throw new DataFileException(file, "line " + lineNo + ": invalid JSON: " + e.getMessage(), e);
                }
                if (imageId == null || imageId.isEmpty())
                    throw new DataFileException(file, "line " + lineNo + ": no 'image_id'");
                counts[0]++;
                if (caption == null || caption.isBlank()) {
                    counts[1]++;
                    continue;
                }
                int k = perImage.merge(imageId, 1, Integer::sum) - 1;
                sampleIds.add(imageId + "#" + k);
                imageIds.add(imageId);
                captions.add(caption.strip());
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read narratives: " + e.getMessage(), e);
        }
    }

    private static void readLabels(Path file, Taxonomy taxonomy, double minConfidence,
                                   Map<String, TreeSet<Integer>> labels, long[] counts) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int[] col = OpenImagesImport.labelColumns(file, r.readLine());
            int iImage = col[0];
            int iLabel = col[1];
            int iConf = col[2];
            int need = col[3];
            Map<String, OptionalInt> nodeCache = new HashMap<>();
            String line;
            long lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                List<String> f = CsvLine.split(line);
                if (f.size() < need)
                    throw new DataFileException(file, "line " + lineNo + ": " + f.size() + " fields, need " + need);
                counts[0]++;
                double conf;
                try {
                    conf = Double.parseDouble(f.get(iConf));
                } catch (NumberFormatException e) {
                    throw new DataFileException(file, "line " + lineNo + ": Confidence '" + f.get(iConf) + "' is not a number");
                }
                if (conf < minConfidence) {
                    counts[1]++;
                    continue;
                }
                OptionalInt node = nodeCache.computeIfAbsent(f.get(iLabel), taxonomy::byId);
                if (node.isEmpty()) {
                    counts[2]++;
                    continue;
                }
                TreeSet<Integer> set = labels.get(f.get(iImage));
                if (set == null) {
                    counts[3]++;
                    continue;
                }
                set.add(node.getAsInt());
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read labels: " + e.getMessage(), e);
        }
    }

}
