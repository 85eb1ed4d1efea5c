package org.sparcj.data;

import java.util.List;

/**
 * M aligned feature streams over the same N samples: row r of every stream describes sample r.
 * Implementations may be memory-mapped and larger than RAM; callers read rows in batches.
 */
public interface MultiStreamDataset extends AutoCloseable {

    /** Stream names and widths, in stream order. */
    List<StreamInfo> streams();

    /** Number of samples N. */
    long size();

    /** The sample ID of row {@code row} (e.g. an image ID). */
    String sampleId(long row);

    /**
     * Copies the given rows of one stream into {@code dest}, row-major,
     * {@code dest.length >= rows.length * dim}. Values are the stored features, not normalised.
     */
    void readRows(int stream, long[] rows, float[] dest);

    default int streamCount() {
        return streams().size();
    }

    default int dim(int stream) {
        return streams().get(stream).dim();
    }

    /** Reads the given rows of every stream: result[s] is rows.length x dim(s), row-major. */
    default float[][] readBatch(long[] rows) {
        float[][] out = new float[streamCount()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = new float[rows.length * dim(s)];
            readRows(s, rows, out[s]);
        }
        return out;
    }

    @Override
    default void close() {
    }
}
