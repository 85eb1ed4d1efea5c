package org.sparcj.data.openimages;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sparcj.data.CsvLine;
import org.sparcj.data.DataFileException;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.ingest.ImportProgress;
import org.sparcj.data.ingest.ImportReport;
import org.sparcj.data.ingest.LabelledImport;

/**
 * Imports Open Images as the official SPARC code extracted it: per split, one row per (image, caption)
 * with images in the key order of the simplified Localized Narratives JSON and each image's captions
 * in list order (HDF5 features carry no IDs, so this order is what pairs a row with its image);
 * labels from the human-verified image-level labels (Confidence 1 only), classes in the hierarchy's
 * Subcategory tree (a label of another class is dropped and counted). Sample IDs: {@code <ImageID>#<k>}.
 */
public final class OpenImagesImport {
    private static final String KEY = "sparc.data.openimages.";

    private OpenImagesImport() {
    }

    /** Every input file the settings name, for a cache key and for messages. */
    public static List<Path> inputs(OpenImagesImportConfig c) {
        List<Path> out = new ArrayList<>();
        out.add(LabelledImport.input(c.root(), c.hierarchy(), null, KEY + "hierarchy"));
        out.add(LabelledImport.input(c.root(), c.classDescriptions(), null, KEY + "class_descriptions"));
        if (c.testImages() != null) out.add(c.testImages());
        for (String split : c.splits()) {
            out.addAll(LabelledImport.splitInputs(c.root(), split, KEY, c.captions(), "labels", c.labels(), c.features(),
                    c.streams()));
        }
        return out;
    }

    /** Builds the labelled feature store in {@code out} (which must not hold one). */
    public static ImportReport run(OpenImagesImportConfig c, Path out, ImportProgress progress) {
        Taxonomy taxonomy = OpenImagesTaxonomy.load(LabelledImport.input(c.root(), c.hierarchy(), null, KEY + "hierarchy"),
                LabelledImport.input(c.root(), c.classDescriptions(), null, KEY + "class_descriptions"));
        LabelledImport.Layout layout = new LabelledImport.Layout(c.root(), KEY, c.splits(), c.captions(), c.labels(), "labels",
                c.features(), c.streams(), "(image, caption) rows");
        return new LabelledImport(taxonomy, out, progress).importSplits(layout, OpenImagesImport::readNarratives,
                OpenImagesImport::readLabels, c.testSplit(), c.testImages() == null ? null : LabelledImport.readIds(c.testImages()));
    }

    /**
     * Streams the JSON object {image ID: [{"caption": ...}, ...]}: each caption becomes a row of
     * {@code rows} (null: captions only) and a line of the captions file.
     */
    static void readNarratives(Path file, LabelledImport imp, LabelledImport.Split rows, ImportProgress progress) {
        if (!Files.isRegularFile(file)) throw new DataFileException(file, "captions file not found");
        try (InputStream in = LabelledImport.openInput(file, "captions", progress);
             JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT)
                throw new DataFileException(file, "expected a JSON object {image ID: [{\"caption\": ...}, ...]}");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String image = p.currentName();
                if (p.nextToken() != JsonToken.START_ARRAY)
                    throw new DataFileException(file, "image " + image + ": expected a list of captions");
                if (rows != null && imp.images().find(image) >= 0)
                    throw new DataFileException(file, "image " + image + " appears twice: the row order is ambiguous");
                int k = 0;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String caption = "";
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (field.equals("caption") && v == JsonToken.VALUE_STRING) caption = p.getText();
                        else p.skipChildren();
                    }
                    String id = LabelledImport.sampleId(image, k);
                    if (rows != null) rows.addRow(image, k);
                    imp.caption(id, caption.strip());
                    k++;
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT)
                throw new DataFileException(file, "unexpected " + p.currentToken() + " where an image ID was expected");
        } catch (IOException e) {
            throw LabelledImport.invalidJson(file, e);
        }
    }

    /** Streams a label CSV with columns ImageID, LabelName and Confidence (any order, named by the header). */
    static void readLabels(Path file, LabelledImport imp, ImportProgress progress) {
        if (!Files.isRegularFile(file)) throw new DataFileException(file, "label file not found");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                LabelledImport.openInput(file, "labels", progress), StandardCharsets.UTF_8), 1 << 16)) {
            int[] col = labelColumns(file, r.readLine());
            int iImage = col[0];
            int iLabel = col[1];
            int iConf = col[2];
            int need = col[3];
            String[] f = new String[need];
            String line;
            long lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) continue;
                int n = fields(line, f);
                if (n < need)
                    throw new DataFileException(file, "line " + lineNo + ": " + n + " fields, need " + need
                            + " (truncated file?)");
                String conf = f[iConf];
                boolean positive;
                if (conf.equals("1")) positive = true;
                else if (conf.equals("0")) positive = false;
                else {
                    try {
                        positive = Double.parseDouble(conf) == 1.0;
                    } catch (NumberFormatException e) {
                        throw new DataFileException(file, "line " + lineNo + ": Confidence '" + conf + "' is not a number");
                    }
                }
                if (positive) imp.label(f[iImage], f[iLabel]);
                else imp.notPositive();
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read labels: " + e.getMessage(), e);
        }
    }

    /**
     * The columns of ImageID, LabelName and Confidence named by a label CSV's header, and the number
     * of fields a row needs to hold all three.
     */
    static int[] labelColumns(Path file, String header) {
        if (header == null) throw new DataFileException(file, "empty label file");
        List<String> cols = CsvLine.split(header.strip());
        int iImage = cols.indexOf("ImageID");
        int iLabel = cols.indexOf("LabelName");
        int iConf = cols.indexOf("Confidence");
        if (iImage < 0 || iLabel < 0 || iConf < 0)
            throw new DataFileException(file, "header must name ImageID, LabelName and Confidence, got: " + header);
        return new int[]{iImage, iLabel, iConf, Math.max(iImage, Math.max(iLabel, iConf)) + 1};
    }

    /** Splits a CSV line into {@code out} (fields past its length are dropped); quoted lines go through CsvLine. */
    private static int fields(String line, String[] out) {
        if (line.indexOf('"') >= 0) {
            List<String> l = CsvLine.split(line);
            for (int i = 0; i < Math.min(l.size(), out.length); i++) out[i] = l.get(i);
            return l.size();
        }
        int n = 0;
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            String field = comma < 0 ? line.substring(start) : line.substring(start, comma);
            if (n < out.length) out[n] = field;
            n++;
            if (comma < 0) return n;
            start = comma + 1;
        }
    }
}
