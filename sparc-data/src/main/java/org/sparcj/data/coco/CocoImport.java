package org.sparcj.data.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sparcj.data.DataFileException;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.ingest.ImportProgress;
import org.sparcj.data.ingest.ImportReport;
import org.sparcj.data.ingest.LabelledImport;

/**
 * Imports MS-COCO as the official SPARC code extracted it: per split, one row per image of
 * {@code captions_<split>2017.json}, in ascending image ID (torchvision's CocoCaptions sorts its
 * ids; images are not filtered), the text being the image's captions in annotation order joined by
 * a space. Labels: the categories of an image's instance annotations; taxonomy: categories under
 * their supercategories ({@link CocoTaxonomy}). Sample IDs: the image IDs.
 */
public final class CocoImport {
    private static final String KEY = "sparc.data.coco.";

    private CocoImport() {
    }

    /** Every input file the settings name, for a cache key and for messages. */
    public static List<Path> inputs(CocoImportConfig c) {
        List<Path> out = new ArrayList<>();
        if (c.testImages() != null) out.add(c.testImages());
        for (String split : c.splits()) {
            out.addAll(LabelledImport.splitInputs(c.root(), split, KEY, c.captions(), "instances", c.instances(), c.features(),
                    c.streams()));
        }
        return out;
    }

    /** Builds the labelled feature store in {@code out} (which must not hold one). */
    public static ImportReport run(CocoImportConfig c, Path out, ImportProgress progress) {
        Path firstInstances = LabelledImport.input(c.root(), c.instances(), c.splits().get(0), KEY + "instances");
        if (!Files.isRegularFile(firstInstances)) throw new DataFileException(firstInstances, "instances file not found");
        Taxonomy taxonomy = CocoTaxonomy.fromCategories(firstInstances);
        LabelledImport.Layout layout = new LabelledImport.Layout(c.root(), KEY, c.splits(), c.captions(), c.instances(), "instances",
                c.features(), c.streams(), "images");
        return new LabelledImport(taxonomy, out, progress).importSplits(layout, CocoImport::readCaptions,
                CocoImport::readInstances, c.testSplit(), c.testImages() == null ? null : LabelledImport.readIds(c.testImages()));
    }

    /** The images of a captions file in ascending ID, each a row of {@code rows} (null: captions only). */
    static void readCaptions(Path file, LabelledImport imp, LabelledImport.Split rows, ImportProgress progress) {
        if (!Files.isRegularFile(file)) throw new DataFileException(file, "captions file not found");
        TreeSet<Long> images = new TreeSet<>();
        Map<Long, StringBuilder> text = new HashMap<>();
        Set<String> seen = walkArrays(file, "captions", progress, (field, p) -> {
            if (field.equals("images")) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    Object[] v = fields(p, "id", null);
                    if (v[0] == null) throw new DataFileException(file, "an image without integer 'id'");
                    if (!images.add((Long) v[0])) imp.duplicateImage();
                }
                return true;
            }
            if (field.equals("annotations")) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    Object[] v = fields(p, "image_id", "caption");
                    if (v[0] == null || v[1] == null)
                        throw new DataFileException(file, "a caption annotation without 'image_id' or 'caption'");
                    StringBuilder b = text.computeIfAbsent((Long) v[0], k -> new StringBuilder());
                    if (!b.isEmpty()) b.append(' ');
                    b.append(((String) v[1]).strip());
                }
                return true;
            }
            return false;
        });
        if (!seen.contains("images")) throw new DataFileException(file, "no 'images' list (is this a captions_*.json?)");
        for (long image : images) {
            String id = Long.toString(image);
            if (rows != null) rows.addRow(id, -1);
            StringBuilder b = text.get(image);
            imp.caption(id, b == null ? "" : b.toString());
        }
    }

    /** Streams an instances file's annotations into per-image category labels. */
    static void readInstances(Path file, LabelledImport imp, ImportProgress progress) {
        if (!Files.isRegularFile(file)) throw new DataFileException(file, "instances file not found");
        Set<String> seen = walkArrays(file, "labels", progress, (field, p) -> {
            if (!field.equals("annotations")) return false;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Object[] v = fields(p, "image_id", "category_id");
                if (v[0] == null || !(v[1] instanceof Long cat))
                    throw new DataFileException(file, "an annotation without integer 'image_id' and 'category_id'"
                            + " (is this an instances_*.json?)");
                imp.label(Long.toString((Long) v[0]), CocoTaxonomy.nodeId(Math.toIntExact(cat)));
            }
            return true;
        });
        if (!seen.contains("annotations"))
            throw new DataFileException(file, "no 'annotations' list (is this an instances_*.json?)");
    }

    /** Reads the array under one top-level field; false leaves the field to be skipped. */
    @FunctionalInterface
    private interface ArrayReader {
        boolean read(String field, JsonParser p) throws IOException;
    }

    /**
     * Streams a COCO JSON object: each top-level array goes to {@code reader}, everything else is
     * skipped. Returns the fields the reader took.
     */
    private static Set<String> walkArrays(Path file, String what, ImportProgress progress, ArrayReader reader) {
        Set<String> taken = new HashSet<>();
        try (InputStream in = LabelledImport.openInput(file, what, progress);
             JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new DataFileException(file, "expected a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY && reader.read(field, p)) taken.add(field);
                else p.skipChildren();
            }
            if (p.currentToken() != JsonToken.END_OBJECT)
                throw new DataFileException(file, "unexpected " + p.currentToken() + " at the top level");
        } catch (IOException e) {
            throw LabelledImport.invalidJson(file, e);
        }
        return taken;
    }

    /**
     * Reads one object, keeping field {@code a} as an integer and field {@code b} as an integer or a
     * string (whichever it is), skipping the rest (e.g. segmentations).
     */
    private static Object[] fields(JsonParser p, String a, String b) throws IOException {
        Object[] out = new Object[2];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if (k.equals(a) && v == JsonToken.VALUE_NUMBER_INT) out[0] = p.getLongValue();
            else if (k.equals(b) && v == JsonToken.VALUE_NUMBER_INT) out[1] = p.getLongValue();
            else if (k.equals(b) && v == JsonToken.VALUE_STRING) out[1] = p.getText();
            else p.skipChildren();
        }
        return out;
    }
}
