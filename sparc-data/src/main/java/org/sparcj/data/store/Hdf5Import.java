package org.sparcj.data.store;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.FloatingPoint;
import org.sparcj.data.DataFileException;
import org.sparcj.data.StreamInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Converts the official SPARC code's feature files (one HDF5 file per stream holding a dataset
 * {@code features} [N x d], usually gzip-compressed and chunked) into a feature store, reading
 * slices of rows so a file never has to fit in memory. Reads with jhdf (pure Java).
 */
public final class Hdf5Import {
    public static final String DEFAULT_DATASET = "features";
    public static final int DEFAULT_ROWS_PER_SLICE = 4096;

    private Hdf5Import() {
    }

    /** One input stream: its name in the store, the HDF5 file and the dataset path inside it. */
    public record Source(String streamName, Path file, String dataset) {
        public Source(String streamName, Path file) {
            this(streamName, file, DEFAULT_DATASET);
        }
    }

    /**
     * Writes a feature store in {@code outDir} with one stream per source. {@code sampleIds} gives
     * the ID of each row (the HDF5 files carry none); pass null for zero-padded row numbers.
     * Row counts must agree across files; float32 and float64 datasets are accepted.
     */
    public static void convert(List<Source> sources, LongFunction<String> sampleIds, Path outDir, int rowsPerSlice) {
        if (sources.isEmpty()) throw new IllegalArgumentException("no HDF5 sources");
        if (rowsPerSlice <= 0) throw new IllegalArgumentException("rowsPerSlice must be > 0");
        List<Opened> opened = new ArrayList<>();
        try {
            List<StreamInfo> infos = new ArrayList<>();
            long n = -1;
            Path first = null;
            for (Source s : sources) {
                Opened o = open(s);
                opened.add(o);
                if (n < 0) {
                    n = o.rows();
                    first = s.file();
                } else if (o.rows() != n) {
                    throw new DataFileException(s.file(), "has " + o.rows() + " rows but " + first + " has " + n);
                }
                infos.add(new StreamInfo(s.streamName(), o.dim()));
            }
            int width = Long.toString(Math.max(0, n - 1)).length();
            LongFunction<String> ids = sampleIds != null ? sampleIds
                    : r -> String.format("%0" + width + "d", r);
            try (FeatureStoreWriter w = FeatureStoreWriter.create(outDir, infos, n)) {
                for (long start = 0; start < n; start += rowsPerSlice) {
                    int count = (int) Math.min(rowsPerSlice, n - start);
                    float[][] batch = new float[opened.size()][];
                    for (int s = 0; s < opened.size(); s++) {
                        batch[s] = new float[count * infos.get(s).dim()];
                        opened.get(s).read(start, count, batch[s]);
                    }
                    List<String> idBatch = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) idBatch.add(ids.apply(start + i));
                    try {
                        w.appendBatch(idBatch, batch);
                    } catch (RuntimeException e) {
                        w.abort();
                        throw e;
                    }
                }
            }
        } finally {
            for (Opened o : opened) o.close();
        }
    }

    /**
     * Opens one source's dataset for reading rows in order, checking that it is a 2-D float32 or
     * float64 dataset; every problem is a {@link DataFileException} naming the file.
     */
    public static Opened open(Source s) {
        if (!Files.isRegularFile(s.file())) throw new DataFileException(s.file(), "HDF5 file not found");
        HdfFile f;
        try {
            f = new HdfFile(s.file());
        } catch (RuntimeException e) {
            throw new DataFileException(s.file(), "not a readable HDF5 file: " + e.getMessage(), e);
        }
        try {
            Node node;
            try {
                node = f.getByPath(s.dataset());
            } catch (RuntimeException e) {
                node = null;
            }
            if (!(node instanceof Dataset ds))
                throw new DataFileException(s.file(), "no dataset '" + s.dataset() + "'");
            int[] dims = ds.getDimensions();
            if (dims.length != 2)
                throw new DataFileException(s.file(), "dataset '" + s.dataset() + "' must be 2-D [N x d], has "
                        + dims.length + " dimensions");
            Class<?> type = ds.getJavaType();
            if (type != float.class && type != double.class)
                throw new DataFileException(s.file(), "dataset '" + s.dataset() + "' has element type " + type
                        + "; need float32 or float64");
            return new Opened(f, new RowReader(ds, s.file()), dims[0], dims[1]);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** An open HDF5 dataset of {@code rows} x {@code dim} floats, read in row order. */
    public static final class Opened implements AutoCloseable {
        private final HdfFile file;
        private final RowReader reader;
        private final long rows;
        private final int dim;

        private Opened(HdfFile file, RowReader reader, long rows, int dim) {
            this.file = file;
            this.reader = reader;
            this.rows = rows;
            this.dim = dim;
        }

        public long rows() {
            return rows;
        }

        public int dim() {
            return dim;
        }

        /** Rows [start, start + count) into {@code out}, row-major. */
        public void read(long start, int count, float[] out) {
            reader.read(start, count, out);
        }

        @Override
        public void close() {
            file.close();
        }
    }

    /**
     * Reads rows of one 2-D float dataset in order. jhdf 0.9.4's sliced {@code getData(offset, shape)}
     * returns zeros past the first chunk of a chunked dataset (checked on the gzip fixture), so chunked
     * datasets are decoded chunk by chunk: one band of chunk rows across all columns at a time.
     * Contiguous datasets are read with jhdf's slicing, which handles them.
     */
    static final class RowReader {
        private final Dataset ds;
        private final Path file;
        private final int d;
        private final ChunkedDataset chunked;
        private final int chunkRows;
        private final int chunkCols;
        private final int elementBytes;
        private final ByteOrder order;
        private final long n;
        private long bandStart = -1;
        private float[] band;

        RowReader(Dataset ds, Path file) {
            this.ds = ds;
            this.file = file;
            this.n = ds.getDimensions()[0];
            this.d = ds.getDimensions()[1];
            this.chunked = ds instanceof ChunkedDataset c ? c : null;
            if (chunked != null) {
                int[] cd = chunked.getChunkDimensions();
                chunkRows = cd[0];
                chunkCols = cd[1];
                if (!(ds.getDataType() instanceof FloatingPoint fp))
                    throw new DataFileException(file, "dataset is not floating point: " + ds.getDataType());
                elementBytes = fp.getSize();
                order = fp.getByteOrder();
                if (elementBytes != 4 && elementBytes != 8)
                    throw new DataFileException(file, "unsupported float size " + elementBytes + " bytes");
            } else {
                chunkRows = DEFAULT_ROWS_PER_SLICE;
                chunkCols = d;
                elementBytes = 0;
                order = null;
            }
        }

        void read(long start, int count, float[] out) {
            int done = 0;
            while (done < count) {
                long r = start + done;
                long bs = r / chunkRows * chunkRows;
                if (bs != bandStart) loadBand(bs);
                int k = (int) Math.min(count - done, bs + chunkRows - r);
                System.arraycopy(band, (int) (r - bs) * d, out, done * d, k * d);
                done += k;
            }
        }

        private void loadBand(long bs) {
            int rows = (int) Math.min(chunkRows, n - bs);
            float[] b = new float[rows * d];
            try {
                if (chunked == null) {
                    Object data = ds.getData(new long[]{bs, 0}, new int[]{rows, d});
                    copy2d(data, rows, b);
                } else {
                    for (int c0 = 0; c0 < d; c0 += chunkCols) {
                        ByteBuffer buf = ByteBuffer.wrap(chunked.getDecompressedChunk(new int[]{(int) bs, c0})).order(order);
                        int cols = Math.min(chunkCols, d - c0);
                        for (int i = 0; i < rows; i++)
                            for (int j = 0; j < cols; j++) {
                                int at = (i * chunkCols + j) * elementBytes;
                                b[i * d + c0 + j] = elementBytes == 4 ? buf.getFloat(at) : (float) buf.getDouble(at);
                            }
                    }
                }
            } catch (RuntimeException e) {
                throw new DataFileException(file, "cannot read rows " + bs + ".." + (bs + rows - 1) + ": "
                        + e.getMessage(), e);
            }
            band = b;
            bandStart = bs;
        }

        private void copy2d(Object data, int rows, float[] out) {
            if (data instanceof float[][] f) {
                for (int i = 0; i < rows; i++) System.arraycopy(f[i], 0, out, i * d, d);
            } else if (data instanceof double[][] g) {
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < d; j++) out[i * d + j] = (float) g[i][j];
            } else {
                throw new DataFileException(file, "unexpected data layout " + data.getClass());
            }
        }
    }
}
