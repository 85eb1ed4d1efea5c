package org.sparcj.experiments.run;

import java.nio.file.Path;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.TrainingListener;

/** What a run needs of a model: training that can be stopped, checkpoints, and inference. */
public interface TrainableModel extends AutoCloseable {
    SparseAutoencoder inference();

    /** Optimiser steps taken so far (survives a checkpoint round trip). */
    long step();

    /** Trains on {@code rows} until the configured epochs are done or {@link #requestStop} is called. */
    void train(MultiStreamDataset data, long[] rows, TrainingListener listener);

    /** Writes a checkpoint file atomically. */
    void saveCheckpoint(Path file);

    /** Asks a running {@link #train} to return after the current step; safe from any thread. */
    void requestStop();

    @Override
    void close();
}
