package org.sparcj.model;

/** Receives training progress; tracking and progress bars hook in here without the model knowing them. */
@FunctionalInterface
public interface TrainingListener {
    void onProgress(TrainingProgress progress);

    /**
     * A batch was skipped for a NaN or infinite loss: {@code step} optimiser steps were done before
     * it, {@code batch} is its position in the batch sequence, {@code rows} the dataset rows it held.
     */
    default void onSkippedBatch(long step, long batch, long[] rows) {
    }

    TrainingListener NONE = p -> { };
}
