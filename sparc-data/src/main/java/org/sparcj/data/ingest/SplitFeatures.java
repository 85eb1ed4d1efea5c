package org.sparcj.data.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.sparcj.data.DataFileException;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.store.Hdf5Import;
import org.sparcj.data.store.Npy;

/**
 * The features of one split, one file per stream, read in row order: either the official code's HDF5
 * files (no sample IDs: the caller rebuilds the row order) or {@code .npy} float32 files with
 * {@value #SAMPLE_IDS} beside them (one ID per row).
 */
public final class SplitFeatures implements AutoCloseable {
    public static final String SAMPLE_IDS = "sample_ids.txt";

    private final List<StreamInfo> streams = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<Hdf5Import.Opened> hdf5 = new ArrayList<>();
    private final List<FileChannel> npy = new ArrayList<>();
    private final List<Npy.Header> npyHeaders = new ArrayList<>();
    private final boolean isHdf5;
    private long rows = -1;

    private SplitFeatures(boolean isHdf5) {
        this.isHdf5 = isHdf5;
    }

    /** Opens every stream's file in {@code dir}; all must be HDF5 or all .npy, with one row count. */
    public static SplitFeatures open(Path dir, List<FeatureFile> streams) {
        if (streams.isEmpty()) throw new IllegalArgumentException("no streams named");
        boolean h5 = streams.get(0).hdf5();
        SplitFeatures f = new SplitFeatures(h5);
        try {
            for (FeatureFile s : streams) {
                Path file = dir.resolve(s.file());
                if (s.hdf5() != h5)
                    throw new DataFileException(file, "mixes HDF5 and .npy feature files in one split; use one kind");
                long n;
                int d;
                if (h5) {
                    Hdf5Import.Opened o = Hdf5Import.open(new Hdf5Import.Source(s.name(), file));
                    f.hdf5.add(o);
                    n = o.rows();
                    d = o.dim();
                } else {
                    if (!Files.isRegularFile(file)) throw new DataFileException(file, ".npy feature file not found");
                    Npy.Header h = Npy.readHeader(file);
                    f.npyHeaders.add(h);
                    f.npy.add(FileChannel.open(file, StandardOpenOption.READ));
                    n = h.rows();
                    d = h.cols();
                }
                if (f.rows >= 0 && n != f.rows)
                    throw new DataFileException(file, "has " + n + " rows but " + f.files.get(0) + " has " + f.rows);
                f.rows = n;
                f.files.add(file);
                f.streams.add(new StreamInfo(s.name(), d));
            }
            if (!h5 && !Files.isRegularFile(f.sampleIdsFile()))
                throw new DataFileException(f.sampleIdsFile(), "missing: .npy features need their sample IDs, one per row");
            return f;
        } catch (IOException e) {
            f.close();
            throw new DataFileException(dir, "cannot open features: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    public boolean hdf5() {
        return isHdf5;
    }

    public long rows() {
        return rows;
    }

    public List<StreamInfo> streams() {
        return streams;
    }

    /** The first stream's file, for messages. */
    public Path firstFile() {
        return files.get(0);
    }

    /** The sample-ID file of .npy features. */
    public Path sampleIdsFile() {
        return files.get(0).resolveSibling(SAMPLE_IDS);
    }

    /** Rows [start, start + count) of every stream: {@code out[s]} row-major, count x dim(s). */
    public void read(long start, int count, float[][] out) {
        for (int s = 0; s < streams.size(); s++) {
            if (isHdf5) {
                hdf5.get(s).read(start, count, out[s]);
                continue;
            }
            int d = streams.get(s).dim();
            ByteBuffer buf = ByteBuffer.allocate(count * d * 4).order(ByteOrder.LITTLE_ENDIAN);
            long pos = npyHeaders.get(s).dataOffset() + start * d * 4L;
            try {
                while (buf.hasRemaining()) {
                    if (npy.get(s).read(buf, pos + buf.position()) < 0)
                        throw new DataFileException(files.get(s), "ended early at row " + start);
                }
            } catch (IOException e) {
                throw new DataFileException(files.get(s), "cannot read rows: " + e.getMessage(), e);
            }
            buf.flip();
            buf.asFloatBuffer().get(out[s], 0, count * d);
        }
    }

    @Override
    public void close() {
        for (Hdf5Import.Opened o : hdf5) o.close();
        for (FileChannel c : npy) {
            try {
                c.close();
            } catch (IOException ignored) {
                // read-only: nothing to lose
            }
        }
    }
}
