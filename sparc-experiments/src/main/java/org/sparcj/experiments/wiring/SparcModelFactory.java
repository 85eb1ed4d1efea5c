package org.sparcj.experiments.wiring;

import java.nio.file.Path;
import org.sparcj.experiments.run.ModelFactory;
import org.sparcj.experiments.run.TrainableModel;
import org.sparcj.model.SparcConfig;

/** Adapts sparc-model's SparcModel to the run pipeline. */
final class SparcModelFactory implements ModelFactory {
    @Override
    public TrainableModel create(SparcConfig config) {
        throw new UnsupportedOperationException("SparcModel is not merged yet");
    }

    @Override
    public TrainableModel load(Path checkpointDir, SparcConfig expected) {
        throw new UnsupportedOperationException("SparcModel is not merged yet");
    }
}
