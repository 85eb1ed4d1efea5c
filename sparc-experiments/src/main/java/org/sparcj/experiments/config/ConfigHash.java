package org.sparcj.experiments.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SHA-256 of a config rendered canonically: one {@code path=value} line per leaf, paths sorted.
 * <p>
 * The hash of an experiment names its finished results (a grid skips a cell whose hash it has), so it
 * must not move when the code gains a setting. The rule: the keys of {@code config-hash-keys-v1.txt}
 * (every result-determining key when the rule was made) always count; a key added later counts only
 * when its value differs from its {@code reference.conf} default. An opt-in setting whose default
 * keeps today's behaviour therefore leaves every existing hash as it was, and a run that opts in gets
 * a new hash.
 */
public final class ConfigHash {
    /** The sections whose settings determine results; tracking and run settings do not. */
    private static final String[] RESULT_SECTIONS = {"sparc.data", "sparc.model", "sparc.eval"};
    private static final Set<String> V1_KEYS = v1Keys();

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
        return sha256(canonical(config));
    }

    /** The experiment hash: the result-determining sections, under the rule in the class comment. */
    public static String ofResults(Config resolved, Config reference) {
        Config kept = com.typesafe.config.ConfigFactory.empty();
        for (String section : RESULT_SECTIONS) {
            if (!resolved.hasPath(section)) continue;
            for (Map.Entry<String, ConfigValue> e : resolved.getConfig(section).entrySet()) {
                String key = section + "." + e.getKey();
                boolean counts = V1_KEYS.contains(key) || !reference.hasPath(key)
                        || !reference.getValue(key).unwrapped().equals(e.getValue().unwrapped());
                if (counts) kept = kept.withValue(key, e.getValue());
            }
        }
        return of(kept);
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> v1Keys() {
        try (InputStream in = ConfigHash.class.getResourceAsStream("/config-hash-keys-v1.txt")) {
            if (in == null) throw new IllegalStateException("config-hash-keys-v1.txt missing from the classpath");
            return Set.copyOf(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
