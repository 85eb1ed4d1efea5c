package org.sparcj.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.LongFunction;

/**
 * Reads and writes per-sample labels as {@code labels.tsv}: one line per dataset row, in row order,
 * {@code sample id <TAB> comma-separated taxonomy node ids} (empty after the tab: no label).
 * Reading checks that line r carries the sample ID of row r, so labels cannot silently shift.
 */
public final class LabelsIo {
    public static final String FILE_NAME = "labels.tsv";

    private LabelsIo() {
    }

    /** Writes labels[r] for the sample {@code sampleIds.apply(r)}, r = 0..labels.rows()-1. */
    public static void write(Path file, SampleLabels labels, LongFunction<String> sampleIds) throws IOException {
        Taxonomy t = labels.taxonomy();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int r = 0; r < labels.rows(); r++) {
                w.write(sampleIds.apply(r));
                w.write('\t');
                int[] ls = labels.labels()[r];
                for (int i = 0; i < ls.length; i++) {
                    String id = t.id(ls[i]);
                    if (id.indexOf(',') >= 0 || id.indexOf('\t') >= 0)
                        throw new DataFileException(file, "taxonomy id '" + id + "' contains a comma or tab");
                    if (i > 0) w.write(',');
                    w.write(id);
                }
                w.write('\n');
            }
        }
    }

    /** Labels put in the row order of a feature store, and how many of its samples had none. */
    public record Aligned(SampleLabels labels, long samplesWithoutEntry) {
    }

    /**
     * Puts per-sample labels (e.g. from a loader, keyed by sample ID) in the row order of
     * {@code features}. A feature row whose sample ID has no entry gets an empty label set and is
     * counted in {@link Aligned#samplesWithoutEntry()}, so a caller can report it.
     */
    public static Aligned align(Taxonomy taxonomy, List<String> sampleIds, int[][] labels, MultiStreamDataset features) {
        if (sampleIds.size() != labels.length)
            throw new IllegalArgumentException(sampleIds.size() + " sample IDs but " + labels.length + " label rows");
        Map<String, int[]> byId = new HashMap<>();
        for (int i = 0; i < labels.length; i++) byId.put(sampleIds.get(i), labels[i]);
        long n = features.size();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("too many rows for in-memory labels: " + n);
        int[][] out = new int[(int) n][];
        long missing = 0;
        for (int r = 0; r < n; r++) {
            int[] l = byId.get(features.sampleId(r));
            if (l == null) {
                missing++;
                l = new int[0];
            }
            out[r] = l;
        }
        return new Aligned(new SampleLabels(taxonomy, out), missing);
    }

    /** Reads labels for the rows of {@code features}, checking every line's sample ID against it. */
    public static SampleLabels read(Path file, Taxonomy taxonomy, MultiStreamDataset features) {
        long n = features.size();
        if (n > Integer.MAX_VALUE) throw new DataFileException(file, "too many rows for in-memory labels: " + n);
        int[][] labels = new int[(int) n][];
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int row = 0;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) continue;
                if (row >= n) throw new DataFileException(file, "has more lines than the dataset has rows (" + n + ")");
                int tab = line.indexOf('\t');
                if (tab < 0) throw new DataFileException(file, "line " + (row + 1) + ": no tab between sample ID and labels");
                String id = line.substring(0, tab);
                String expected = features.sampleId(row);
                if (!id.equals(expected))
                    throw new DataFileException(file, "line " + (row + 1) + " is for sample '" + id
                            + "' but row " + row + " of the features is '" + expected + "'");
                String rest = line.substring(tab + 1);
                if (rest.isEmpty()) {
                    labels[row] = new int[0];
                } else {
                    String[] parts = rest.split(",");
                    int[] ls = new int[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        OptionalInt node = taxonomy.byId(parts[i]);
                        if (node.isEmpty())
                            throw new DataFileException(file, "line " + (row + 1) + ": label '" + parts[i]
                                    + "' is not in the taxonomy");
                        ls[i] = node.getAsInt();
                    }
                    labels[row] = ls;
                }
                row++;
            }
            if (row != n) throw new DataFileException(file, "has " + row + " lines but the dataset has " + n + " rows");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read labels: " + e.getMessage(), e);
        }
        return new SampleLabels(taxonomy, labels);
    }
}
