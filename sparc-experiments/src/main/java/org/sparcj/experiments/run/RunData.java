package org.sparcj.experiments.run;

import org.sparcj.data.DatasetSplit;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.SampleLabels;

/**
 * A run's data: the features, their labels (null when the dataset has none: evaluation then
 * reports only the label-free metrics) and the split into rows.
 */
public record RunData(MultiStreamDataset dataset, SampleLabels labels, DatasetSplit split, String description)
        implements AutoCloseable {

    @Override
    public void close() {
        dataset.close();
    }
}
