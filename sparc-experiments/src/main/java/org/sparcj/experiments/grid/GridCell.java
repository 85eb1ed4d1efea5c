package org.sparcj.experiments.grid;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparcj.experiments.config.ConfigLoader;

/**
 * One cell of a grid: a file-name-safe name built from its axis values, the values as params
 * (short key names, e.g. topk=GLOBAL) and as config overrides (full keys, e.g. sparc.model.topk).
 */
public record GridCell(String name, Map<String, String> params, Map<String, ConfigValue> overrides) {
    public GridCell {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** The overrides as a config layer; each value keeps its origin (the grid file and line). */
    public Config asConfig() {
        Config c = ConfigFactory.empty();
        for (Map.Entry<String, ConfigValue> e : overrides.entrySet())
            c = c.withValue(ConfigLoader.qualify(e.getKey()), e.getValue());
        return c;
    }
}
