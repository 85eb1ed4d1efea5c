package org.sparcj.experiments.wiring;

import java.nio.file.Path;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.experiments.run.ModelFactory;
import org.sparcj.experiments.run.TrainableModel;
import org.sparcj.model.SparcConfig;
import org.sparcj.model.SparcModel;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.TrainingListener;

/** Adapts sparc-model's SparcModel to the run pipeline. */
final class SparcModelFactory implements ModelFactory {
    @Override
    public TrainableModel create(SparcConfig config) {
        return new Adapter(SparcModel.create(config));
    }

    @Override
    public TrainableModel load(Path checkpoint, SparcConfig expected) {
        return new Adapter(SparcModel.loadCheckpoint(checkpoint, expected));
    }

    private record Adapter(SparcModel model) implements TrainableModel {
        @Override public SparseAutoencoder inference() { return model; }
        @Override public long step() { return model.step(); }
        @Override public void train(MultiStreamDataset data, long[] rows, TrainingListener l) { model.train(data, rows, l); }
        @Override public void saveCheckpoint(Path file) { model.saveCheckpoint(file); }
        @Override public void requestStop() { model.requestStop(); }
        @Override public void close() { model.close(); }
    }
}
