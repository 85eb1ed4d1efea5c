package org.sparcj.data.openimages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sparcj.data.CsvLine;
import org.sparcj.data.DataFileException;
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

/**
 * The Open Images class hierarchy ({@code bbox_labels_600_hierarchy.json}) as a tree.
 * The file is a DAG: a class can sit under several parents. As in SPARC's evaluation, each class
 * keeps its deepest occurrence and the parent on that path (first one on ties, in file order).
 * By default only {@code Subcategory} (is-a) edges count; a class reached through a {@code Part}
 * edge is then treated as a child of the root at that point (so part-only classes stay in the tree).
 * Node ids are the MIDs; the root ({@value #ROOT_ID} in the real file) is named "Entity" unless the CSV names it.
 */
public final class OpenImagesTaxonomy {
    public static final String ROOT_ID = "/m/0bl9f";
    public static final String ROOT_NAME = "Entity";

    private OpenImagesTaxonomy() {
    }

    /** Subcategory edges only. */
    public static Taxonomy load(Path hierarchyJson, Path classDescriptionsCsv) {
        return load(hierarchyJson, classDescriptionsCsv, false);
    }

    public static Taxonomy load(Path hierarchyJson, Path classDescriptionsCsv, boolean includeParts) {
        Map<String, String> names = readClassNames(classDescriptionsCsv);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(hierarchyJson.toFile());
        } catch (IOException e) {
            throw new DataFileException(hierarchyJson, "not valid JSON: " + e.getMessage(), e);
        }
        JsonNode rootLabel = root.get("LabelName");
        if (rootLabel == null || !rootLabel.isTextual())
            throw new DataFileException(hierarchyJson, "top-level object has no 'LabelName'");
        String rootId = rootLabel.asText();
        // label -> {depth, parent}; LinkedHashMap keeps first-encounter (pre-order) node order.
        Map<String, Occurrence> best = new LinkedHashMap<>();
        best.put(rootId, new Occurrence(0, null));
        visit(root, rootId, 0, rootId, includeParts, best, hierarchyJson);
        List<String> ids = new ArrayList<>(best.keySet());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) index.put(ids.get(i), i);
        List<String> nodeNames = new ArrayList<>();
        int[] parents = new int[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String name = names.get(id);
            if (name == null) name = i == 0 ? ROOT_NAME : id; // the root (/m/0bl9f) is in no CSV
            nodeNames.add(name);
            Occurrence o = best.get(id);
            parents[i] = o.parent == null ? -1 : index.get(o.parent);
        }
        try {
            return new Taxonomy(ids, nodeNames, parents);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(hierarchyJson, e.getMessage(), e);
        }
    }

    private record Occurrence(int depth, String parent) {
    }

    private static void visit(JsonNode node, String id, int depth, String rootId, boolean includeParts,
                              Map<String, Occurrence> best, Path file) {
        for (String key : new String[]{"Subcategory", "Part"}) {
            JsonNode kids = node.get(key);
            if (kids == null) continue;
            if (!kids.isArray()) throw new DataFileException(file, "'" + key + "' under " + id + " is not an array");
            boolean isA = key.equals("Subcategory") || includeParts;
            for (JsonNode kid : kids) {
                JsonNode l = kid.get("LabelName");
                if (l == null || !l.isTextual())
                    throw new DataFileException(file, "an entry under " + id + " has no 'LabelName'");
                String kidId = l.asText();
                if (kidId.equals(rootId)) throw new DataFileException(file, "root " + rootId + " appears under " + id);
                String parent = isA ? id : rootId;
                int kidDepth = isA ? depth + 1 : 1;
                Occurrence old = best.get(kidId);
                if (old == null || kidDepth > old.depth) best.put(kidId, new Occurrence(kidDepth, parent));
                visit(kid, kidId, kidDepth, rootId, includeParts, best, file);
            }
        }
    }

    /**
     * MID -> display name from a class-descriptions CSV: {@code class-descriptions-boxable.csv} or
     * {@code oidv6-class-descriptions.csv}, with or without a header line, with or without a
     * trailing comma.
     */
    public static Map<String, String> readClassNames(Path csv) {
        Map<String, String> names = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                List<String> f = CsvLine.split(line);
                if (lineNo == 1 && !f.get(0).startsWith("/")) continue; // header, e.g. LabelName,DisplayName
                if (f.size() < 2 || f.get(0).isEmpty())
                    throw new DataFileException(csv, "line " + lineNo + ": expected 'MID,DisplayName', got '" + line + "'");
                names.putIfAbsent(f.get(0), f.get(1));
            }
        } catch (IOException e) {
            throw new DataFileException(csv, "cannot read class descriptions: " + e.getMessage(), e);
        }
        return names;
    }
}
