package org.sparcj.data.store;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import org.sparcj.data.DataFileException;
import org.sparcj.data.StreamInfo;

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
        List<HdfFile> files = new ArrayList<>();
        try {
            List<Dataset> datasets = new ArrayList<>();
            List<StreamInfo> infos = new ArrayList<>();
            long n = -1;
            Path first = null;
            for (Source s : sources) {
                if (!Files.isRegularFile(s.file())) throw new DataFileException(s.file(), "HDF5 file not found");
                HdfFile f;
                try {
                    f = new HdfFile(s.file());
                } catch (RuntimeException e) {
                    throw new DataFileException(s.file(), "not a readable HDF5 file: " + e.getMessage(), e);
                }
                files.add(f);
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
                if (n < 0) {
                    n = dims[0];
                    first = s.file();
                } else if (dims[0] != n) {
                    throw new DataFileException(s.file(), "has " + dims[0] + " rows but " + first + " has " + n);
                }
                datasets.add(ds);
                infos.add(new StreamInfo(s.streamName(), dims[1]));
            }
            int width = Long.toString(Math.max(0, n - 1)).length();
            LongFunction<String> ids = sampleIds != null ? sampleIds
                    : r -> String.format("%0" + width + "d", r);
            try (FeatureStoreWriter w = FeatureStoreWriter.create(outDir, infos, n)) {
                for (long start = 0; start < n; start += rowsPerSlice) {
                    int count = (int) Math.min(rowsPerSlice, n - start);
                    float[][] batch = new float[datasets.size()][];
                    for (int s = 0; s < datasets.size(); s++)
                        batch[s] = readSlice(datasets.get(s), sources.get(s).file(), start, count, infos.get(s).dim());
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
            for (HdfFile f : files) f.close();
        }
    }

    private static float[] readSlice(Dataset ds, Path file, long start, int count, int d) {
        Object data;
        try {
            data = ds.getData(new long[]{start, 0}, new int[]{count, d});
        } catch (RuntimeException e) {
            throw new DataFileException(file, "cannot read rows " + start + ".." + (start + count - 1) + ": "
                    + e.getMessage(), e);
        }
        float[] out = new float[count * d];
        if (data instanceof float[][] f) {
            for (int i = 0; i < count; i++) System.arraycopy(f[i], 0, out, i * d, d);
        } else if (data instanceof double[][] g) {
            for (int i = 0; i < count; i++)
                for (int j = 0; j < d; j++) out[i * d + j] = (float) g[i][j];
        } else {
            throw new DataFileException(file, "unexpected data layout " + data.getClass());
        }
        return out;
    }
}
