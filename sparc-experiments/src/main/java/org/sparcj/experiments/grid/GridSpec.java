package org.sparcj.experiments.grid;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparcj.experiments.config.ConfigError;

/**
 * A grid file: {@code grid { name, experiment, axes { key = [values] }, zip = [ {key = [..], ..} ],
 * exclude = [ {key = value, ..} ] }}. Cells are the Cartesian product of the axes and the zip
 * groups (a zip group's lists vary together), minus the cells that match an exclusion. Axes keep
 * the order in which the file lists them; that order names the cells.
 */
public final class GridSpec {
    private static final Set<String> KEYS = Set.of("name", "experiment", "axes", "zip", "exclude");

    private final String name;
    private final Path experiment;
    private final Path file;
    /** Dimensions of the product, in file order: a plain axis is a one-key dimension. */
    private final List<Dimension> dimensions;
    private final List<Map<String, ConfigValue>> excludes;

    private record Dimension(List<String> keys, List<List<ConfigValue>> rows) {
    }

    private GridSpec(String name, Path experiment, Path file, List<Dimension> dims, List<Map<String, ConfigValue>> excl) {
        this.name = name;
        this.experiment = experiment;
        this.file = file;
        this.dimensions = dims;
        this.excludes = excl;
    }

    public String name() { return name; }

    /** The base experiment file (resolved against the grid file's directory, then the working directory). */
    public Path experiment() { return experiment; }

    public Path file() { return file; }

    /** Every axis key (zip groups included), in file order, without the leading "sparc." (e.g. model.topk). */
    public List<String> axisKeys() {
        List<String> out = new ArrayList<>();
        for (Dimension d : dimensions)
            for (String k : d.keys()) out.add(k.startsWith("sparc.") ? k.substring("sparc.".length()) : k);
        return out;
    }

    /** Reads and checks a grid file; problems name the key and the file and line. */
    public static GridSpec parse(Path file) {
        if (!Files.isRegularFile(file)) throw new ConfigError("grid file not found: " + file);
        Config root;
        try {
            root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new ConfigError("cannot parse grid file " + file + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, ConfigValue> e : root.root().entrySet())
            if (!e.getKey().equals("grid"))
                throw new ConfigError("unknown key '" + e.getKey() + "' (" + e.getValue().origin().description()
                        + "): a grid file holds one 'grid { ... }' block");
        if (!root.hasPath("grid")) throw new ConfigError("grid file " + file + " has no 'grid { ... }' block");
        try {
            Config g = root.getConfig("grid");
            for (Map.Entry<String, ConfigValue> e : g.root().entrySet())
                if (!KEYS.contains(e.getKey()))
                    throw new ConfigError("unknown key 'grid." + e.getKey() + "' (" + e.getValue().origin().description()
                            + "); allowed: " + new java.util.TreeSet<>(KEYS));
            String name = g.getString("name");
            if (!name.equals(sanitize(name)) || name.isBlank())
                throw new ConfigError("grid.name '" + name + "' (" + g.getValue("name").origin().description()
                        + ") must be a plain file name: letters, digits, . _ - =");
            // Relative paths: from the working directory (the repository root), else beside the grid file.
            Path exp = Path.of(g.getString("experiment"));
            if (!exp.isAbsolute() && !Files.exists(exp))
                exp = file.toAbsolutePath().getParent().resolve(exp).normalize();
            if (!Files.isRegularFile(exp))
                throw new ConfigError("grid.experiment '" + g.getString("experiment") + "' ("
                        + g.getValue("experiment").origin().description() + "): no such file");
            List<Dimension> dims = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            if (g.hasPath("axes")) {
                ConfigObject axes = g.getObject("axes");
                List<Map.Entry<String, ConfigValue>> ordered = new ArrayList<>(axes.entrySet());
                ordered.sort(Comparator.comparingInt((Map.Entry<String, ConfigValue> e) -> e.getValue().origin().lineNumber())
                        .thenComparing(Map.Entry::getKey));
                for (Map.Entry<String, ConfigValue> e : ordered) {
                    List<ConfigValue> values = list(e.getValue(), "grid.axes.\"" + e.getKey() + "\"");
                    addKey(seen, e.getKey(), e.getValue());
                    List<List<ConfigValue>> rows = new ArrayList<>();
                    for (ConfigValue v : values) rows.add(List.of(v));
                    dims.add(new Dimension(List.of(e.getKey()), rows));
                }
            }
            if (g.hasPath("zip")) {
                for (ConfigValue groupValue : g.getList("zip")) {
                    if (groupValue.valueType() != ConfigValueType.OBJECT)
                        throw new ConfigError("grid.zip entries must be objects of lists ("
                                + groupValue.origin().description() + ")");
                    ConfigObject group = (ConfigObject) groupValue;
                    List<Map.Entry<String, ConfigValue>> ordered = new ArrayList<>(group.entrySet());
                    ordered.sort(Comparator.comparingInt((Map.Entry<String, ConfigValue> e) -> e.getValue().origin().lineNumber())
                            .thenComparing(Map.Entry::getKey));
                    List<String> keys = new ArrayList<>();
                    List<List<ConfigValue>> columns = new ArrayList<>();
                    for (Map.Entry<String, ConfigValue> e : ordered) {
                        addKey(seen, e.getKey(), e.getValue());
                        keys.add(e.getKey());
                        columns.add(list(e.getValue(), "grid.zip \"" + e.getKey() + "\""));
                    }
                    if (keys.isEmpty()) continue;
                    int n = columns.get(0).size();
                    for (int i = 1; i < columns.size(); i++)
                        if (columns.get(i).size() != n)
                            throw new ConfigError("grid.zip group (" + group.origin().description()
                                    + "): lists differ in length: " + keys.get(0) + " has " + n + ", " + keys.get(i)
                                    + " has " + columns.get(i).size());
                    List<List<ConfigValue>> rows = new ArrayList<>();
                    for (int r = 0; r < n; r++) {
                        List<ConfigValue> row = new ArrayList<>();
                        for (List<ConfigValue> col : columns) row.add(col.get(r));
                        rows.add(row);
                    }
                    dims.add(new Dimension(keys, rows));
                }
            }
            List<Map<String, ConfigValue>> excl = new ArrayList<>();
            if (g.hasPath("exclude")) {
                for (ConfigValue ev : g.getList("exclude")) {
                    if (ev.valueType() != ConfigValueType.OBJECT)
                        throw new ConfigError("grid.exclude entries must be objects (" + ev.origin().description() + ")");
                    Map<String, ConfigValue> m = new LinkedHashMap<>(((ConfigObject) ev));
                    for (Map.Entry<String, ConfigValue> e : m.entrySet())
                        if (!seen.contains(e.getKey()))
                            throw new ConfigError("grid.exclude names '" + e.getKey() + "' ("
                                    + e.getValue().origin().description() + "), which is not an axis; axes: " + seen);
                    excl.add(m);
                }
            }
            return new GridSpec(name, exp, file, dims, excl);
        } catch (ConfigException e) {
            throw new ConfigError("grid file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void addKey(Set<String> seen, String key, ConfigValue v) {
        if (!seen.add(key))
            throw new ConfigError("grid axis '" + key + "' is declared twice (" + v.origin().description() + ")");
    }

    private static List<ConfigValue> list(ConfigValue v, String what) {
        if (v.valueType() != ConfigValueType.LIST)
            throw new ConfigError(what + " must be a list of values (" + v.origin().description() + ")");
        ConfigList l = (ConfigList) v;
        if (l.isEmpty()) throw new ConfigError(what + " is an empty list (" + v.origin().description() + ")");
        return l;
    }

    /** Expands the grid into its cells, in a deterministic order (the first axis varies slowest). */
    public List<GridCell> cells() {
        List<String> allKeys = new ArrayList<>();
        for (Dimension d : dimensions) allKeys.addAll(d.keys());
        Map<String, String> shortNames = shortNames(allKeys);
        List<GridCell> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        expand(0, new LinkedHashMap<>(), shortNames, out);
        for (GridCell c : out)
            if (!names.add(c.name())) throw new ConfigError("grid " + file + ": two cells share the name " + c.name());
        return out;
    }

    private void expand(int dim, LinkedHashMap<String, ConfigValue> acc, Map<String, String> shortNames, List<GridCell> out) {
        if (dim == dimensions.size()) {
            for (Map<String, ConfigValue> ex : excludes) if (matches(acc, ex)) return;
            Map<String, String> params = new LinkedHashMap<>();
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, ConfigValue> e : acc.entrySet()) {
                String v = text(e.getValue());
                params.put(shortNames.get(e.getKey()), v);
                parts.add(shortNames.get(e.getKey()) + "=" + v);
            }
            String name = parts.isEmpty() ? "default" : sanitize(String.join(",", parts));
            out.add(new GridCell(name, params, acc));
            return;
        }
        Dimension d = dimensions.get(dim);
        for (List<ConfigValue> row : d.rows()) {
            LinkedHashMap<String, ConfigValue> next = new LinkedHashMap<>(acc);
            for (int i = 0; i < d.keys().size(); i++) next.put(d.keys().get(i), row.get(i));
            expand(dim + 1, next, shortNames, out);
        }
    }

    private static boolean matches(Map<String, ConfigValue> cell, Map<String, ConfigValue> exclusion) {
        for (Map.Entry<String, ConfigValue> e : exclusion.entrySet())
            if (!sameValue(cell.get(e.getKey()), e.getValue())) return false;
        return true;
    }

    /** Equal as text, case-insensitively for strings (enum names), numerically for numbers (0 == 0.0). */
    static boolean sameValue(ConfigValue a, ConfigValue b) {
        if (a == null || b == null) return false;
        String ta = text(a), tb = text(b);
        try {
            return new BigDecimal(ta).compareTo(new BigDecimal(tb)) == 0;
        } catch (NumberFormatException notNumbers) {
            return ta.equalsIgnoreCase(tb);
        }
    }

    /** A value as it appears in names and params: strings bare, everything else rendered concisely. */
    static String text(ConfigValue v) {
        return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : v.render(ConfigRenderOptions.concise());
    }

    /** Last path segment of each key, or the whole key (without "sparc.") where two keys share it. */
    private static Map<String, String> shortNames(List<String> keys) {
        Map<String, Integer> count = new HashMap<>();
        for (String k : keys) count.merge(last(k), 1, Integer::sum);
        Map<String, String> out = new HashMap<>();
        for (String k : keys) out.put(k, count.get(last(k)) > 1 ? k.replaceFirst("^sparc\\.", "") : last(k));
        return out;
    }

    private static String last(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Keeps letters, digits and {@code = , . _ -}; anything else becomes '_'. */
    public static String sanitize(String s) {
        return s.replaceAll("[^A-Za-z0-9=,._-]", "_");
    }
}
