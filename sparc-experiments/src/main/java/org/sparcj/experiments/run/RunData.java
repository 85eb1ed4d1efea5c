package org.sparcj.experiments.run;

import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.SampleLabels;

/**
 * A run's data: the features, their labels (null when the dataset has none: evaluation then
 * reports only the label-free metrics) and the split into rows.
 */
public record RunData(MultiStreamDataset dataset, SampleLabels labels, Split split, String description)
        implements AutoCloseable {

    /** Row indices of each part; disjoint, together all rows. */
    public record Split(long[] train, long[] validation, long[] test) {
    }

    @Override
    public void close() {
        dataset.close();
    }
}
