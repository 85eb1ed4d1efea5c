package org.sparcj.model;

/** Receives training progress; tracking and progress bars hook in here without the model knowing them. */
@FunctionalInterface
public interface TrainingListener {
    void onProgress(TrainingProgress progress);

    TrainingListener NONE = p -> { };
}
