package org.sparcj.experiments.run;

import java.nio.file.Path;
import org.sparcj.model.SparcConfig;

/** Creates fresh models and restores checkpoints. */
public interface ModelFactory {
    TrainableModel create(SparcConfig config);

    /** Restores a checkpoint; fails if it was written for a different config. */
    TrainableModel load(Path checkpointFile, SparcConfig expected);
}
