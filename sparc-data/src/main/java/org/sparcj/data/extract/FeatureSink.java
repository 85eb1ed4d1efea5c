package org.sparcj.data.extract;

import org.sparcj.data.StreamInfo;

import java.util.List;

/**
 * Where {@link FeatureExtractor} puts its rows: receives the streams once, then batches of rows in
 * sample order.
 */
public interface FeatureSink {

    void begin(List<StreamInfo> streams, long rows);

    /** {@code perStream[s]} holds {@code sampleIds.size() x dim(s)} floats, row-major. */
    void write(List<String> sampleIds, float[][] perStream);
}
