package org.sparcj.experiments.regress;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.sparcj.experiments.run.CellResult;

/**
 * A grid configuration without its seed: the cell's params minus the seed key, sorted by name,
 * numbers written canonically (1, 1.0 and 1e0 are all "1"), so seeds of one configuration share a key.
 */
public record CellKey(SortedMap<String, String> params) implements Comparable<CellKey> {

    public CellKey {
        params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params));
    }

    /** The key of a cell's params, dropping {@code seedKey}. */
    public static CellKey of(Map<String, String> params, String seedKey) {
        SortedMap<String, String> kept = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!k.equals(seedKey)) {
                kept.put(k, canonical(v));
            }
        });
        return new CellKey(kept);
    }

    /** Cells grouped by configuration: by the key of their params without {@code seedKey}, in key order. */
    static SortedMap<CellKey, List<CellResult>> configurations(List<CellResult> cells, String seedKey) {
        SortedMap<CellKey, List<CellResult>> groups = new TreeMap<>();
        cells.forEach(c -> groups.computeIfAbsent(of(c.params(), seedKey), k -> new ArrayList<>()).add(c));
        return groups;
    }

    /** Parses the {@link #toString()} form, e.g. {@code k=16,lambda=1,topk=GLOBAL}. */
    public static CellKey parse(String text) {
        SortedMap<String, String> kv = new TreeMap<>();
        if (!text.isBlank()) {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("not a cell key (expected key=value,...): '" + text + "'");
                }
                kv.put(part.substring(0, eq).strip(), canonical(part.substring(eq + 1).strip()));
            }
        }
        return new CellKey(kv);
    }

    /** Canonical text of a param value: numbers without trailing zeros, anything else as is. */
    public static String canonical(String value) {
        if (value == null) {
            return "";
        }
        String v = value.strip();
        try {
            BigDecimal d = new BigDecimal(v);
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }

    /** Whether a param value matches a selector value: numerically for numbers, else ignoring case. */
    static boolean valueMatches(String cellValue, String wanted) {
        return canonical(cellValue).equalsIgnoreCase(canonical(wanted));
    }

    @Override
    public String toString() {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    @Override
    public int compareTo(CellKey o) {
        return toString().compareTo(o.toString());
    }
}
