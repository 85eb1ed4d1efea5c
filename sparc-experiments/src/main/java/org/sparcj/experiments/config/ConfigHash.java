package org.sparcj.experiments.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 of a config rendered canonically: one {@code path=value} line per leaf, paths sorted. */
public final class ConfigHash {
    private ConfigHash() {
    }

    public static String canonical(Config config) {
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : config.entrySet())
            sorted.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    public static String of(Config config) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical(config).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
