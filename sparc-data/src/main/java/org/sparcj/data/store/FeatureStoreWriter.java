package org.sparcj.data.store;

import org.sparcj.data.DataFileException;
import org.sparcj.data.StreamInfo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends aligned rows to a new feature store directory: {@code <stream>.npy} per stream (NumPy v1.0,
 * '<f4', C order, shape (N, d)), {@code sample_ids.txt} and {@code manifest.json}.
 * The manifest says {@code complete: false} until {@link #close()} has patched the .npy headers with
 * the final row count and flushed everything; only then is it rewritten with {@code complete: true}.
 * A writer that failed, was {@link #abort() aborted}, or got a different number of rows than it was
 * told to expect leaves the directory incomplete, and {@link FeatureStore#open} refuses it.
 */
public final class FeatureStoreWriter implements AutoCloseable {
    public static final String SAMPLE_IDS_FILE = "sample_ids.txt";
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path dir;
    private final List<StreamInfo> streams;
    private final List<Manifest.Entry> entries = new ArrayList<>();
    private final FileChannel[] channels;
    private final ByteBuffer[] buffers;
    private final BufferedWriter ids;
    private final long expectedSamples;
    private long rows;
    private boolean failed;
    private boolean closed;

    private FeatureStoreWriter(Path dir, List<StreamInfo> streams, long expectedSamples) throws IOException {
        this.dir = dir;
        this.streams = List.copyOf(streams);
        this.expectedSamples = expectedSamples;
        Set<String> names = new HashSet<>();
        for (StreamInfo s : streams) {
            if (!names.add(s.name())) throw new IllegalArgumentException("duplicate stream name '" + s.name() + "'");
            if (!s.name().matches("[A-Za-z0-9_.-]+"))
                throw new IllegalArgumentException("stream name '" + s.name() + "' must be usable as a file name "
                        + "(letters, digits, _ . -)");
            entries.add(new Manifest.Entry(s.name(), s.dim(), s.name() + ".npy"));
        }
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(Manifest.FILE_NAME)))
            throw new DataFileException(dir.resolve(Manifest.FILE_NAME), "a feature store already exists here; "
                    + "delete it or write elsewhere");
        new Manifest(0, SAMPLE_IDS_FILE, entries, false).write(dir);
        channels = new FileChannel[streams.size()];
        buffers = new ByteBuffer[streams.size()];
        for (int s = 0; s < streams.size(); s++) {
            channels[s] = FileChannel.open(dir.resolve(entries.get(s).file()), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            channels[s].write(ByteBuffer.wrap(Npy.headerBytes(0, streams.get(s).dim())));
            buffers[s] = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        ids = Files.newBufferedWriter(dir.resolve(SAMPLE_IDS_FILE), StandardCharsets.UTF_8);
    }

    /** Starts a new store in {@code dir} (created if needed; must not already hold a manifest). */
    public static FeatureStoreWriter create(Path dir, List<StreamInfo> streams) {
        return create(dir, streams, -1);
    }

    /**
     * As {@link #create(Path, List)}, and {@link #close()} only marks the store complete when exactly
     * {@code expectedSamples} rows were appended (guards against a loop that stopped early).
     */
    public static FeatureStoreWriter create(Path dir, List<StreamInfo> streams, long expectedSamples) {
        if (streams.isEmpty()) throw new IllegalArgumentException("a feature store needs at least one stream");
        try {
            return new FeatureStoreWriter(dir, streams, expectedSamples);
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot create feature store: " + e.getMessage(), e);
        }
    }

    public List<StreamInfo> streams() {
        return streams;
    }

    /** Rows appended so far. */
    public long rows() {
        return rows;
    }

    /** Appends one sample: {@code features[s]} is its row of stream s (length dim(s)). */
    public void append(String sampleId, float[]... features) {
        appendBatch(List.of(sampleId), features);
    }

    /**
     * Appends {@code sampleIds.size()} samples: {@code batch[s]} is row-major, sampleIds.size() x dim(s).
     * Values are stored as given (NaN is not checked here; see {@link FeatureStore#validate()}).
     */
    public void appendBatch(List<String> sampleIds, float[][] batch) {
        if (closed) throw new IllegalStateException("writer for " + dir + " is closed");
        int n = sampleIds.size();
        if (batch.length != streams.size())
            throw new IllegalArgumentException("got " + batch.length + " streams, the store has " + streams.size());
        for (int s = 0; s < batch.length; s++)
            if (batch[s].length != (long) n * streams.get(s).dim())
                throw new IllegalArgumentException("stream '" + streams.get(s).name() + "': got " + batch[s].length
                        + " floats for " + n + " samples of dim " + streams.get(s).dim());
        for (String id : sampleIds)
            if (id == null || id.isEmpty() || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0)
                throw new IllegalArgumentException("sample ID must be non-empty and on one line: '" + id + "'");
        try {
            for (int s = 0; s < batch.length; s++) {
                ByteBuffer buf = buffers[s];
                float[] src = batch[s];
                int off = 0;
                while (off < src.length) {
                    if (buf.remaining() < 4) flush(s);
                    int k = Math.min(buf.remaining() / 4, src.length - off);
                    buf.asFloatBuffer().put(src, off, k); // the view shares the buffer's little-endian order
                    buf.position(buf.position() + 4 * k);
                    off += k;
                }
            }
            for (String id : sampleIds) {
                ids.write(id);
                ids.write('\n');
            }
            rows += n;
        } catch (IOException e) {
            failed = true;
            throw new DataFileException(dir, "write failed: " + e.getMessage(), e);
        }
    }

    private void flush(int s) throws IOException {
        ByteBuffer buf = buffers[s];
        buf.flip();
        while (buf.hasRemaining()) channels[s].write(buf);
        buf.clear();
    }

    /** Stops writing and leaves the directory marked incomplete. */
    public void abort() {
        failed = true;
        close();
    }

    /**
     * Finishes the files and marks the store complete, unless the writer failed, was aborted, or the
     * row count differs from the expected one (then the store stays incomplete and, in the last case,
     * this throws).
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        IOException error = null;
        try {
            for (int s = 0; s < channels.length; s++) {
                if (!failed) {
                    flush(s);
                    channels[s].write(ByteBuffer.wrap(Npy.headerBytes(rows, streams.get(s).dim())), 0);
                    channels[s].force(false);
                }
                channels[s].close();
            }
            ids.close();
        } catch (IOException e) {
            error = e;
            failed = true;
        }
        if (error != null) throw new DataFileException(dir, "cannot finish feature store: " + error.getMessage(), error);
        if (failed) return;
        if (expectedSamples >= 0 && rows != expectedSamples)
            throw new DataFileException(dir.resolve(Manifest.FILE_NAME), "expected " + expectedSamples
                    + " samples but " + rows + " were written; the store stays incomplete");
        try {
            new Manifest(rows, SAMPLE_IDS_FILE, entries, true).write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write manifest in " + dir, e);
        }
    }
}
