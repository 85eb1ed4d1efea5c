package org.sparcj.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a {@link Taxonomy} as {@code taxonomy.tsv}: one node per line,
 * {@code id <TAB> parent id <TAB> display name}, root first with an empty parent id.
 * Node order is preserved, so node indices survive a round trip.
 */
public final class TaxonomyIo {
    public static final String FILE_NAME = "taxonomy.tsv";

    private TaxonomyIo() {
    }

    public static void write(Path file, Taxonomy t) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < t.size(); i++) {
                w.write(clean(t.id(i), "id", file));
                w.write('\t');
                w.write(i == 0 ? "" : t.id(t.parent(i)));
                w.write('\t');
                w.write(clean(t.name(i), "name", file));
                w.write('\n');
            }
        }
    }

    private static String clean(String s, String what, Path file) {
        if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)
            throw new DataFileException(file, "taxonomy node " + what + " '" + s + "' contains a tab or newline");
        return s;
    }

    public static Taxonomy read(Path file) {
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> parentIds = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                if (f.length != 3)
                    throw new DataFileException(file, "line " + lineNo + ": expected 3 tab-separated fields, got " + f.length);
                if (ids.isEmpty() != f[1].isEmpty())
                    throw new DataFileException(file, "line " + lineNo + ": only the first line (the root) has an empty parent");
                if (index.put(f[0], ids.size()) != null)
                    throw new DataFileException(file, "line " + lineNo + ": duplicate node id '" + f[0] + "'");
                ids.add(f[0]);
                parentIds.add(f[1]);
                names.add(f[2]);
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read taxonomy: " + e.getMessage(), e);
        }
        if (ids.isEmpty()) throw new DataFileException(file, "empty taxonomy");
        int[] parents = new int[ids.size()];
        parents[0] = -1;
        for (int i = 1; i < ids.size(); i++) {
            Integer p = index.get(parentIds.get(i));
            if (p == null)
                throw new DataFileException(file, "node '" + ids.get(i) + "' has unknown parent '" + parentIds.get(i) + "'");
            parents[i] = p;
        }
        try {
            return new Taxonomy(ids, names, parents);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, e.getMessage(), e);
        }
    }
}
