package org.sparcj.data.extract;

import java.util.Map;

/** One sample to embed: its id and its texts by field name (e.g. "name", "gloss"). */
public record TextSample(String id, Map<String, String> fields) {
    public TextSample {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("sample id must be non-empty");
        fields = Map.copyOf(fields);
    }

    /** The text of {@code field}; an error naming the sample and field when it is missing or blank. */
    public String text(String field) {
        String t = fields.get(field);
        if (t == null)
            throw new IllegalArgumentException("sample '" + id + "' has no field '" + field + "' (fields: " + fields.keySet() + ")");
        if (t.isBlank()) throw new IllegalArgumentException("sample '" + id + "': field '" + field + "' is empty");
        return t;
    }
}
