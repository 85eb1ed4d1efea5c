package org.sparcj.experiments.cluster;

import java.util.List;

/**
 * What each array task asks Slurm for. Null or empty: Slurm's default.
 *
 * @param partition   {@code --partition}
 * @param gpusPerCell {@code --gpus} per task (0: none)
 * @param cpusPerCell {@code --cpus-per-task}
 * @param mem         {@code --mem}, e.g. 16G
 * @param time        {@code --time}, e.g. 12:00:00
 * @param maxRunning  tasks running at once ({@code %N} of {@code --array}; 0: no limit)
 * @param sbatchArgs  further sbatch options, one per element, written into both scripts as given
 */
public record SlurmOptions(String partition, int gpusPerCell, int cpusPerCell, String mem, String time, int maxRunning,
                           List<String> sbatchArgs) {
    public SlurmOptions {
        if (gpusPerCell < 0) throw new IllegalArgumentException("--gpus-per-cell must not be negative, got " + gpusPerCell);
        if (cpusPerCell < 0) throw new IllegalArgumentException("--cpus-per-cell must not be negative, got " + cpusPerCell);
        if (maxRunning < 0) throw new IllegalArgumentException("--max-running must not be negative, got " + maxRunning);
        sbatchArgs = List.copyOf(sbatchArgs);
    }
}
