package org.sparcj.experiments.config;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.synthetic.SyntheticConfig;

/**
 * The synthetic benchmark's generator settings ({@code sparc.data.synthetic}): the one place that
 * maps them onto sparc-data's {@link SyntheticConfig} (validated when the experiment config is
 * built). {@link #hash()} keys the cache directory, so a changed setting never reuses a stale dataset.
 */
public final class SyntheticSettings {
    private final SyntheticConfig config;
    private final String hash;

    SyntheticSettings(Config c) {
        List<StreamInfo> streams = new ArrayList<>();
        for (Config s : c.getConfigList("streams")) streams.add(new StreamInfo(s.getString("name"), s.getInt("dim")));
        String text = c.getString("text_stream");
        this.config = new SyntheticConfig(c.getInt("samples"), streams, text.isBlank() ? null : text,
                c.getDouble("text_coverage"), c.getInt("depth"), c.getInt("branching"), c.getDouble("zipf_exponent"),
                c.getDouble("concepts_per_sample"), c.getDouble("magnitude_mean"), c.getDouble("magnitude_log_sd"),
                c.getDouble("parent_correlation"), c.getInt("private_factors"), c.getInt("text_private_factors"),
                c.getDouble("private_scale"), c.getDouble("noise"), c.getStringList("aligned_pair"),
                c.getDouble("pair_alignment"), c.getLong("seed"));
        this.hash = ConfigHash.of(c).substring(0, 16);
    }

    public SyntheticConfig toGeneratorConfig() {
        return config;
    }

    /** First 16 hex digits of the settings' SHA-256. */
    public String hash() {
        return hash;
    }
}
