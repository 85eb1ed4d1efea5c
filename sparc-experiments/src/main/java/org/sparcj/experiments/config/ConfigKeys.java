package org.sparcj.experiments.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparcj.data.settings.Settings;

/**
 * The configuration keys as a reader sees them: every leaf of the {@code reference.conf} files, its
 * default and its comment, in the order {@link ExperimentConfig#SECTIONS} and each record declare
 * them. docs/CLI.md's key table is this output (a test keeps them equal).
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    /** One key: its full path, its default as written in HOCON, and the comment above it. */
    public record Row(String key, String defaultValue, String comment) {
    }

    public static List<Row> rows(Config reference) {
        List<Row> out = new ArrayList<>();
        for (Map.Entry<String, Class<? extends Record>> section : ExperimentConfig.SECTIONS.entrySet()) {
            for (Settings.Field f : Settings.schema(section.getValue())) {
                if (f.supplied()) continue;
                String key = section.getKey() + "." + f.key();
                ConfigValue v = reference.getValue(key);
                out.add(new Row(key, v.render(ConfigRenderOptions.concise()),
                        String.join(" ", v.origin().comments()).trim().replaceAll("\\s+", " ")));
            }
        }
        return out;
    }

    /** The rows as a Markdown table. */
    public static String markdown(Config reference) {
        StringBuilder sb = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Row r : rows(reference))
            sb.append("| `").append(r.key()).append("` | `").append(r.defaultValue().replace("|", "\\|"))
                    .append("` | ").append(r.comment().replace("|", "\\|")).append(" |\n");
        return sb.toString();
    }
}
