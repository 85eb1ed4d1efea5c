package org.sparcj.data.extract;

/** Called after every batch with the number of samples embedded so far (all streams) and the total. */
@FunctionalInterface
public interface ExtractionProgress {
    ExtractionProgress NONE = (done, total) -> { };

    void update(long samplesDone, long samplesTotal);
}
