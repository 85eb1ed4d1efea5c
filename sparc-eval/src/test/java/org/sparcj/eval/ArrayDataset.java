package org.sparcj.eval;

import java.util.List;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.StreamInfo;

/** An in-memory dataset: features[s] is size x dim(s), row-major. */
final class ArrayDataset implements MultiStreamDataset {
    private final List<StreamInfo> streams;
    private final float[][] features;
    private final int size;

    ArrayDataset(List<StreamInfo> streams, float[][] features) {
        this.streams = List.copyOf(streams);
        this.features = features;
        this.size = features[0].length / streams.get(0).dim();
    }

    @Override public List<StreamInfo> streams() { return streams; }
    @Override public long size() { return size; }
    @Override public String sampleId(long row) { return "s" + row; }

    @Override
    public void readRows(int stream, long[] rows, float[] dest) {
        int d = streams.get(stream).dim();
        for (int i = 0; i < rows.length; i++) System.arraycopy(features[stream], (int) rows[i] * d, dest, i * d, d);
    }
}
