package org.sparcj.data.coco;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sparcj.data.DataFileException;
import org.sparcj.data.Taxonomy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The 2-level MS-COCO taxonomy: root -> supercategory -> category. Node ids: {@value #ROOT_ID} for
 * the root, {@code coco-super:<name>} for supercategories, {@code coco:<category id>} for categories
 * (COCO ids run 1..90 with gaps). Supercategories appear in first-seen order, then categories in
 * file order.
 */
public final class CocoTaxonomy {
    public static final String ROOT_ID = "coco";
    public static final String ROOT_NAME = "COCO";

    private CocoTaxonomy() {
    }

    /** Node id of a COCO category id. */
    public static String nodeId(int categoryId) {
        return "coco:" + categoryId;
    }

    /**
     * Reads the categories of an {@code instances_*.json} (streamed: images and annotations are
     * skipped, not loaded) or of a bare JSON array of categories.
     */
    public static Taxonomy fromCategories(Path json) {
        ObjectMapper mapper = new ObjectMapper();
        try (JsonParser p = mapper.getFactory().createParser(json.toFile())) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) return build(mapper.readTree(p), json);
            if (t != JsonToken.START_OBJECT) throw new DataFileException(json, "expected a JSON object or array");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("categories")) return build(mapper.readTree(p), json);
                p.skipChildren();
            }
            throw new DataFileException(json, "no 'categories' array");
        } catch (IOException e) {
            throw new DataFileException(json, "cannot parse COCO json: " + e.getMessage(), e);
        }
    }

    static Taxonomy build(JsonNode categories, Path file) {
        if (!categories.isArray() || categories.isEmpty())
            throw new DataFileException(file, "'categories' must be a non-empty array");
        Map<String, Integer> supers = new LinkedHashMap<>();
        List<String[]> cats = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (JsonNode c : categories) {
            JsonNode id = c.get("id");
            JsonNode name = c.get("name");
            JsonNode sup = c.get("supercategory");
            if (id == null || !id.isInt() || name == null || !name.isTextual() || sup == null || !sup.isTextual())
                throw new DataFileException(file, "category needs integer 'id' and string 'name' and 'supercategory': " + c);
            if (!seen.add(id.asInt())) throw new DataFileException(file, "duplicate category id " + id.asInt());
            supers.putIfAbsent(sup.asText(), supers.size() + 1);
            cats.add(new String[]{nodeId(id.asInt()), name.asText(), sup.asText()});
        }
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[] parents = new int[1 + supers.size() + cats.size()];
        ids.add(ROOT_ID);
        names.add(ROOT_NAME);
        parents[0] = -1;
        for (String s : supers.keySet()) {
            parents[ids.size()] = 0;
            ids.add("coco-super:" + s);
            names.add(s);
        }
        for (String[] c : cats) {
            parents[ids.size()] = supers.get(c[2]);
            ids.add(c[0]);
            names.add(c[1]);
        }
        return new Taxonomy(ids, names, parents);
    }
}
