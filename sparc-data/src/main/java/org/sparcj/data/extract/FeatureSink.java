package org.sparcj.data.extract;

import java.util.List;

/**
 * Where {@link FeatureExtractor} puts its rows, batch by batch in sample order; shaped like
 * {@code FeatureStoreWriter::appendBatch}.
 */
@FunctionalInterface
public interface FeatureSink {

    /** {@code perStream[s]} holds {@code sampleIds.size() x dim(s)} floats, row-major. */
    void write(List<String> sampleIds, float[][] perStream);
}
