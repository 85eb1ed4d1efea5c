package org.sparcj.data.store;

import org.sparcj.data.DataFileException;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.StreamInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A feature store directory opened read-only: every stream's {@code .npy} file is memory-mapped in
 * chunks of whole rows below 2 GB each, so files of any size work and heap use does not grow with
 * N (except a sparse index of the sample-ID file: one long per {@value #ID_BLOCK} samples).
 * Reads are thread-safe. Layout and manifest: see {@link Manifest} and {@link FeatureStoreWriter}.
 */
public final class FeatureStore implements MultiStreamDataset {
    static final int ID_BLOCK = 64;
    /** Target bytes per mapping; whole rows only, so a row never straddles two mappings. */
    static final long MAP_CHUNK_BYTES = 1L << 30;

    private final Path dir;
    private final Manifest manifest;
    private final List<StreamInfo> streams;
    private final Path[] files;
    private final FloatBuffer[][] chunks;
    private final long[] rowsPerChunk;
    private final Path idFile;
    private final FileChannel idChannel;
    private final long[] idBlockOffsets;
    private final Object idCacheLock = new Object();
    private int cachedBlock = -1;
    private String[] cachedIds;

    private FeatureStore(Path dir, Manifest manifest) throws IOException {
        this.dir = dir;
        this.manifest = manifest;
        int m = manifest.streams().size();
        List<StreamInfo> infos = new ArrayList<>();
        files = new Path[m];
        chunks = new FloatBuffer[m][];
        rowsPerChunk = new long[m];
        long n = manifest.samples();
        for (int s = 0; s < m; s++) {
            Manifest.Entry e = manifest.streams().get(s);
            infos.add(e.info());
            Path f = dir.resolve(e.file());
            files[s] = f;
            if (!Files.isRegularFile(f))
                throw new DataFileException(dir.resolve(Manifest.FILE_NAME),
                        "stream '" + e.name() + "' points to missing file " + f);
            Npy.Header h = Npy.readHeader(f);
            if (h.rows() != n)
                throw new DataFileException(f, "has " + h.rows() + " rows but the manifest (and the other streams) say "
                        + n + " samples");
            if (h.cols() != e.dim())
                throw new DataFileException(f, "has " + h.cols() + " columns but the manifest says dim " + e.dim()
                        + " for stream '" + e.name() + "'");
            long rowBytes = 4L * h.cols();
            long perChunk = Math.max(1, MAP_CHUNK_BYTES / rowBytes);
            rowsPerChunk[s] = perChunk;
            int count = (int) ((n + perChunk - 1) / perChunk);
            chunks[s] = new FloatBuffer[count];
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                for (int c = 0; c < count; c++) {
                    long firstRow = c * perChunk;
                    long rows = Math.min(perChunk, n - firstRow);
                    MappedByteBuffer mb = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset() + firstRow * rowBytes,
                            rows * rowBytes);
                    chunks[s][c] = mb.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                }
            }
        }
        this.streams = List.copyOf(infos);
        idFile = dir.resolve(manifest.sampleIdsFile());
        if (!Files.isRegularFile(idFile))
            throw new DataFileException(dir.resolve(Manifest.FILE_NAME), "points to missing sample-ID file " + idFile);
        idChannel = FileChannel.open(idFile, StandardOpenOption.READ);
        idBlockOffsets = indexIds(n);
    }

    /**
     * Opens a complete feature store. Checks the manifest, every stream file's dtype, shape and size,
     * and the sample-ID count; does not scan values (see {@link #validate()}).
     */
    public static FeatureStore open(Path dir) {
        Manifest manifest = Manifest.read(dir);
        if (!manifest.complete())
            throw new DataFileException(dir.resolve(Manifest.FILE_NAME),
                    "feature store is incomplete (writer did not finish): 'complete' is not true");
        try {
            return new FeatureStore(dir, manifest);
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot open feature store: " + e.getMessage(), e);
        }
    }

    /** Removes a store directory, complete or partial, with everything under it; nothing when it is absent. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

    /** True when {@code dir} holds a manifest that a finished writer marked complete. */
    public static boolean isComplete(Path dir) {
        try {
            return Manifest.read(dir).complete();
        } catch (DataFileException e) {
            return false;
        }
    }

    private long[] indexIds(long n) throws IOException {
        int blocks = (int) ((n + ID_BLOCK - 1) / ID_BLOCK);
        long[] offsets = new long[blocks + 1];
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long pos = 0;
        long lines = 0;
        long lineStart = 0;
        while (true) {
            buf.clear();
            int r = idChannel.read(buf, pos);
            if (r <= 0) break;
            for (int i = 0; i < r; i++) {
                if (buf.get(i) == '\n') {
                    if (pos + i == lineStart)
                        throw new DataFileException(idFile, "empty sample ID on line " + (lines + 1));
                    lines++;
                    lineStart = pos + i + 1;
                    if (lines % ID_BLOCK == 0 && lines / ID_BLOCK <= blocks) offsets[(int) (lines / ID_BLOCK)] = lineStart;
                }
            }
            pos += r;
        }
        if (lineStart != pos)
            throw new DataFileException(idFile, "last line has no newline (truncated file?)");
        if (lines != n)
            throw new DataFileException(idFile, "has " + lines + " sample IDs but the feature files have " + n + " rows");
        offsets[blocks] = pos;
        return offsets;
    }

    public Path directory() {
        return dir;
    }

    /** The .npy file of a stream. */
    public Path streamFile(int stream) {
        return files[stream];
    }

    @Override
    public List<StreamInfo> streams() {
        return streams;
    }

    @Override
    public long size() {
        return manifest.samples();
    }

    @Override
    public String sampleId(long row) {
        checkRow(row);
        int block = (int) (row / ID_BLOCK);
        synchronized (idCacheLock) {
            if (block != cachedBlock) {
                long start = idBlockOffsets[block];
                long end = idBlockOffsets[block + 1];
                ByteBuffer buf = ByteBuffer.allocate((int) (end - start));
                try {
                    while (buf.hasRemaining()) {
                        if (idChannel.read(buf, start + buf.position()) < 0)
                            throw new DataFileException(idFile, "file shrank while open");
                    }
                } catch (IOException e) {
                    throw new DataFileException(idFile, "cannot read sample IDs: " + e.getMessage(), e);
                }
                cachedIds = new String(buf.array(), StandardCharsets.UTF_8).split("\n");
                cachedBlock = block;
            }
            return cachedIds[(int) (row % ID_BLOCK)];
        }
    }

    @Override
    public void readRows(int stream, long[] rows, float[] dest) {
        int d = streams.get(stream).dim();
        if (dest.length < (long) rows.length * d)
            throw new IllegalArgumentException("dest holds " + dest.length + " floats, need " + (long) rows.length * d);
        FloatBuffer[] cs = chunks[stream];
        long per = rowsPerChunk[stream];
        for (int i = 0; i < rows.length; i++) {
            long r = rows[i];
            checkRow(r);
            cs[(int) (r / per)].get((int) ((r % per) * d), dest, i * d, d);
        }
    }

    /** Reads a contiguous block of rows [first, first + count) of one stream into dest, row-major. */
    public void readRange(int stream, long first, int count, float[] dest) {
        int d = streams.get(stream).dim();
        if (count < 0 || first < 0 || first + count > size())
            throw new IndexOutOfBoundsException("rows [" + first + ", " + (first + count) + ") outside 0.." + size());
        FloatBuffer[] cs = chunks[stream];
        long per = rowsPerChunk[stream];
        int done = 0;
        while (done < count) {
            long r = first + done;
            int c = (int) (r / per);
            int inChunk = (int) Math.min(count - done, per - r % per);
            cs[c].get((int) ((r % per) * d), dest, done * d, inChunk * d);
            done += inChunk;
        }
    }

    /**
     * Scans every value of every stream and every sample ID; fails on the first non-finite value
     * (NaN or infinity), naming the file, the row and its sample ID, or on a sample ID that appears
     * twice, naming both rows. Costs one sequential pass over the data (and a set of the IDs).
     */
    public void validate() {
        java.util.Map<String, Long> firstRow = new java.util.HashMap<>();
        for (long row = 0; row < size(); row++) {
            Long before = firstRow.putIfAbsent(sampleId(row), row);
            if (before != null)
                throw new DataFileException(idFile, "sample ID '" + sampleId(row) + "' appears twice: rows " + before
                        + " and " + row + " (line " + (before + 1) + " and " + (row + 1) + ")");
        }
        int block = 4096;
        for (int s = 0; s < streams.size(); s++) {
            int d = streams.get(s).dim();
            float[] buf = new float[block * d];
            for (long first = 0; first < size(); first += block) {
                int count = (int) Math.min(block, size() - first);
                readRange(s, first, count, buf);
                for (int i = 0; i < count * d; i++) {
                    if (!Float.isFinite(buf[i])) {
                        long row = first + i / d;
                        throw new DataFileException(files[s], "non-finite value " + buf[i] + " at row " + row
                                + " (sample '" + sampleId(row) + "'), column " + (i % d));
                    }
                }
            }
        }
    }

    private void checkRow(long row) {
        if (row < 0 || row >= manifest.samples())
            throw new IndexOutOfBoundsException("row " + row + " outside 0.." + (manifest.samples() - 1) + " of " + dir);
    }

    @Override
    public void close() {
        try {
            idChannel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to lose
        }
    }
}
