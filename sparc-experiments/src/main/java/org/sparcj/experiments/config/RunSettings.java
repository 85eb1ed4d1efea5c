package org.sparcj.experiments.config;

import static org.sparcj.data.settings.Settings.require;

import java.nio.file.Path;

/**
 * How a run is executed ({@code sparc.run}).
 *
 * @param outputDir       parent directory of single runs
 * @param gridsDir        parent directory of grids
 * @param name            run name ("" = derived from the experiment file)
 * @param checkpointEvery checkpoint every this many steps; 0 = only at the end or when stopped
 * @param progress        draw a progress bar
 */
public record RunSettings(Path outputDir, Path gridsDir, String name, int checkpointEvery, boolean progress) {
    public RunSettings {
        require("checkpoint_every", checkpointEvery, checkpointEvery >= 0, ">= 0 (0 = only at the end)");
    }
}
