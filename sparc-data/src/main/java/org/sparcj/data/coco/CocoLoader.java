package org.sparcj.data.coco;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * MS-COCO samples from {@code instances_*.json} (labels: the categories annotated in each image;
 * taxonomy: {@link CocoTaxonomy}) and {@code captions_*.json}. Both files are parsed with Jackson's
 * streaming parser; annotation segmentations are skipped, not built.
 */
public final class CocoLoader {

    private CocoLoader() {
    }

    /** How captions become samples. */
    public enum CaptionMode {
        /** One sample per image, its captions joined with a space (the paper's choice). Sample ID: the image id. */
        JOINED,
        /** One sample per caption. Sample ID: {@code <image id>#<caption annotation id>}. */
        PER_CAPTION
    }

    /** What was read and left out. */
    public record Report(long images, long imagesWithoutCaptions, long imagesFilteredOut, long samples,
                         long samplesWithoutLabels, long annotationsUnknownCategory) {
        @Override
        public String toString() {
            return samples + " samples (" + samplesWithoutLabels + " without labels) from " + images + " images ("
                    + imagesWithoutCaptions + " without captions, " + imagesFilteredOut + " filtered out); "
                    + annotationsUnknownCategory + " annotations with an unknown category";
        }
    }

    /** Samples in the order of the instances file's image list. */
    public record Samples(List<String> sampleIds, long[] imageIds, List<String> captions, SampleLabels labels,
                          Report report) {
        public int size() {
            return sampleIds.size();
        }
    }

    public static Samples load(Path instancesJson, Path captionsJson, CaptionMode mode) {
        return load(instancesJson, captionsJson, mode, id -> true);
    }

    /**
     * @param keepImage which images to keep, e.g. {@code readImageIds(karpathyTest)::contains} for the
     *                  standard 5k test split (images filtered out are counted in the report)
     */
    public static Samples load(Path instancesJson, Path captionsJson, CaptionMode mode, LongPredicate keepImage) {
        Instances inst = readInstances(instancesJson);
        Map<Long, List<String>> caps = readCaptions(captionsJson, mode);
        List<String> ids = new ArrayList<>();
        List<Long> imgs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        long noCaptions = 0;
        long filtered = 0;
        long noLabels = 0;
        for (long image : inst.images) {
            if (!keepImage.test(image)) {
                filtered++;
                continue;
            }
            List<String> c = caps.get(image);
            if (c == null || c.isEmpty()) {
                noCaptions++;
                continue;
            }
            TreeSet<Integer> set = inst.labels.get(image);
            int[] l = set == null ? new int[0] : set.stream().mapToInt(Integer::intValue).toArray();
            if (mode == CaptionMode.JOINED) {
                ids.add(Long.toString(image));
                imgs.add(image);
                texts.add(String.join(" ", c));
                labels.add(l);
                if (l.length == 0) noLabels++;
            } else {
                for (String entry : c) {
                    int tab = entry.indexOf('\t');
                    ids.add(image + "#" + entry.substring(0, tab));
                    imgs.add(image);
                    texts.add(entry.substring(tab + 1));
                    labels.add(l);
                    if (l.length == 0) noLabels++;
                }
            }
        }
        Report report = new Report(inst.images.size(), noCaptions, filtered, ids.size(), noLabels, inst.unknownCategory);
        return new Samples(List.copyOf(ids), imgs.stream().mapToLong(Long::longValue).toArray(), List.copyOf(texts),
                new SampleLabels(inst.taxonomy, labels.toArray(new int[0][])), report);
    }

    /** Image ids, one per line (blank lines and lines starting with '#' ignored), e.g. the 5k test split. */
    public static Set<Long> readImageIds(Path file) {
        Set<Long> out = new LinkedHashSet<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                try {
                    out.add(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw new DataFileException(file, "line " + lineNo + ": '" + t + "' is not an image id");
                }
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read image ids: " + e.getMessage(), e);
        }
        return out;
    }

    private record Instances(Taxonomy taxonomy, List<Long> images, Map<Long, TreeSet<Integer>> labels,
                             long unknownCategory) {
    }

    private static Instances readInstances(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        Taxonomy taxonomy = null;
        List<Long> images = new ArrayList<>();
        // image id -> COCO category ids; mapped to taxonomy nodes once the categories are known
        // (the file may list annotations before categories).
        Map<Long, TreeSet<Integer>> cats = new HashMap<>();
        try (JsonParser p = mapper.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new DataFileException(file, "expected a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "categories" -> taxonomy = CocoTaxonomy.build(mapper.readTree(p), file);
                    case "images" -> {
                        expectArray(t, file, field);
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            Map<String, Long> f = longFields(p, file, "id");
                            images.add(require(f, "id", file, "image"));
                        }
                    }
                    case "annotations" -> {
                        expectArray(t, file, field);
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            Map<String, Long> f = longFields(p, file, "image_id", "category_id");
                            long image = require(f, "image_id", file, "annotation");
                            long cat = require(f, "category_id", file, "annotation");
                            cats.computeIfAbsent(image, k -> new TreeSet<>()).add((int) cat);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot parse COCO instances: " + e.getMessage(), e);
        }
        if (taxonomy == null) throw new DataFileException(file, "no 'categories' (is this an instances_*.json?)");
        Map<Long, TreeSet<Integer>> labels = new HashMap<>();
        long unknown = 0;
        for (Map.Entry<Long, TreeSet<Integer>> e : cats.entrySet()) {
            TreeSet<Integer> nodes = new TreeSet<>();
            for (int c : e.getValue()) {
                OptionalInt node = taxonomy.byId(CocoTaxonomy.nodeId(c));
                if (node.isPresent()) nodes.add(node.getAsInt());
                else unknown++;
            }
            labels.put(e.getKey(), nodes);
        }
        return new Instances(taxonomy, images, labels, unknown);
    }

    /** image id -> captions in file order; in PER_CAPTION mode each entry is "annotationId\tcaption". */
    private static Map<Long, List<String>> readCaptions(Path file, CaptionMode mode) {
        Map<Long, List<String>> out = new HashMap<>();
        try (JsonParser p = new ObjectMapper().getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new DataFileException(file, "expected a JSON object");
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("annotations")) {
                    p.skipChildren();
                    continue;
                }
                found = true;
                expectArray(t, file, field);
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    Long image = null;
                    Long id = null;
                    String caption = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        JsonToken v = p.nextToken();
                        if (k.equals("image_id") && v == JsonToken.VALUE_NUMBER_INT) image = p.getLongValue();
                        else if (k.equals("id") && v == JsonToken.VALUE_NUMBER_INT) id = p.getLongValue();
                        else if (k.equals("caption") && v == JsonToken.VALUE_STRING) caption = p.getText();
                        else p.skipChildren();
                    }
                    if (image == null || caption == null)
                        throw new DataFileException(file, "caption annotation without image_id or caption (id " + id + ")");
                    String text = caption.strip().replaceAll("\\s+", " ");
                    if (mode == CaptionMode.PER_CAPTION) {
                        if (id == null) throw new DataFileException(file, "caption annotation without 'id'");
                        text = id + "\t" + text;
                    }
                    out.computeIfAbsent(image, k -> new ArrayList<>()).add(text);
                }
            }
            if (!found) throw new DataFileException(file, "no 'annotations' (is this a captions_*.json?)");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot parse COCO captions: " + e.getMessage(), e);
        }
        return out;
    }

    private static void expectArray(JsonToken t, Path file, String field) {
        if (t != JsonToken.START_ARRAY) throw new DataFileException(file, "'" + field + "' is not an array");
    }

    /** Reads one object, keeping the named integer fields and skipping everything else (e.g. segmentation). */
    private static Map<String, Long> longFields(JsonParser p, Path file, String... names) throws IOException {
        Map<String, Long> out = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            boolean wanted = false;
            for (String n : names) wanted |= n.equals(k);
            if (wanted && v == JsonToken.VALUE_NUMBER_INT) out.put(k, p.getLongValue());
            else p.skipChildren();
        }
        return out;
    }

    private static long require(Map<String, Long> f, String key, Path file, String what) {
        Long v = f.get(key);
        if (v == null) throw new DataFileException(file, what + " without integer '" + key + "' (is this an instances_*.json?)");
        return v;
    }
}
