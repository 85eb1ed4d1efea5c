package org.sparcj.data;

import java.util.List;

/** A small multi-stream dataset held in float arrays (tests, examples, features computed on the fly). */
public final class InMemoryDataset implements MultiStreamDataset {
    private final List<StreamInfo> streams;
    private final float[][] data;
    private final int rows;

    /** @param data per stream, rows x dim values, row-major */
    public InMemoryDataset(List<StreamInfo> streams, float[][] data, int rows) {
        if (streams.size() != data.length)
            throw new IllegalArgumentException(streams.size() + " streams but " + data.length + " data arrays");
        for (int s = 0; s < data.length; s++)
            if (data[s].length != (long) rows * streams.get(s).dim())
                throw new IllegalArgumentException("stream '" + streams.get(s).name() + "': expected " + rows + " x "
                        + streams.get(s).dim() + " values, got " + data[s].length);
        this.streams = List.copyOf(streams);
        this.data = data;
        this.rows = rows;
    }

    @Override
    public List<StreamInfo> streams() {
        return streams;
    }

    @Override
    public long size() {
        return rows;
    }

    @Override
    public String sampleId(long row) {
        return Long.toString(row);
    }

    @Override
    public void readRows(int stream, long[] rowIndices, float[] dest) {
        int d = streams.get(stream).dim();
        for (int i = 0; i < rowIndices.length; i++) {
            long r = rowIndices[i];
            if (r < 0 || r >= rows) throw new IndexOutOfBoundsException("row " + r + " outside [0, " + rows + ")");
            System.arraycopy(data[stream], (int) r * d, dest, i * d, d);
        }
    }
}
