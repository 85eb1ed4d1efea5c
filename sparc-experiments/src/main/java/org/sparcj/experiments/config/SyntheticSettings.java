package org.sparcj.experiments.config;

import com.typesafe.config.Config;

/**
 * The synthetic benchmark's generator settings ({@code sparc.data.synthetic}). This is the one
 * place that turns them into the data module's generator config; {@link #hash()} keys the cache
 * directory, so a changed setting never reuses a stale dataset.
 */
public final class SyntheticSettings {
    private final Config section;
    private final String hash;

    SyntheticSettings(Config section) {
        this.section = section;
        this.hash = ConfigHash.of(section).substring(0, 16);
    }

    /** The {@code sparc.data.synthetic} subtree, validated against the defaults. */
    public Config section() {
        return section;
    }

    /** First 16 hex digits of the settings' SHA-256. */
    public String hash() {
        return hash;
    }
}
