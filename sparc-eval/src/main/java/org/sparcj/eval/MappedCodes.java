package org.sparcj.eval;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.sparcj.model.LatentCodes;
import org.sparcj.model.SparseCodes;

/**
 * The sparse codes of M streams over a fixed number of rows, filled row by row, kept in a memory-mapped
 * file instead of on the heap: what the metrics keep of an analysis set grows with N, and in a file
 * mapping it is page cache the kernel may write back, not anonymous memory (docs/METHOD.md, Metrics).
 * The file is deleted as soon as it is mapped, so a crash leaves nothing behind; the mapping lives until
 * its buffers are collected. Each stream is cut into segments of a power-of-two number of rows, at most
 * 1 GB each (a buffer is indexed by int). Deleting a mapped file needs a POSIX file system (Linux, macOS).
 */
final class MappedCodes {
    private static final long SEGMENT_BYTES = 1L << 30;

    private final int rows;
    private final int k;
    private final int shift;
    private final int mask;
    private final IntBuffer[][] indices;   // [stream][segment]
    private final FloatBuffer[][] values;

    /** @param dir where the (immediately deleted) file is made; see {@link #requireRoom} */
    MappedCodes(Path dir, int streams, int rows, int k) {
        this(dir, streams, rows, k, SEGMENT_BYTES);
    }

    /** With segments of at most {@code segmentBytes} (tests cut small stores into several). */
    MappedCodes(Path dir, int streams, int rows, int k, long segmentBytes) {
        if (streams <= 0 || rows < 0 || k <= 0) throw new IllegalArgumentException("MappedCodes: " + streams
                + " streams, " + rows + " rows, k " + k);
        this.rows = rows;
        this.k = k;
        int s = 0;
        while (((2L << s) * k * Integer.BYTES) <= segmentBytes && (1L << s) < rows) s++;
        shift = s;
        mask = (1 << s) - 1;
        int segments = rows == 0 ? 0 : (int) (((long) rows + mask) >>> shift);
        indices = new IntBuffer[streams][segments];
        values = new FloatBuffer[streams][segments];
        long bytes = bytes(streams, rows, k);
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "sparc-codes-", ".bin");
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel ch = raf.getChannel()) {
                raf.setLength(bytes);
                long offset = 0;
                for (int st = 0; st < streams; st++) {
                    for (int g = 0; g < segments; g++) {
                        long size = (long) Math.min(1 << shift, rows - ((long) g << shift)) * k * Integer.BYTES;
                        indices[st][g] = ch.map(FileChannel.MapMode.READ_WRITE, offset, size).order(ByteOrder.nativeOrder())
                                .asIntBuffer();
                        offset += size;
                        values[st][g] = ch.map(FileChannel.MapMode.READ_WRITE, offset, size).order(ByteOrder.nativeOrder())
                                .asFloatBuffer();
                        offset += size;
                    }
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw cannotKeep(dir, e);
        }
    }

    /** The file size of a store of {@code streams} x {@code rows} x k codes. */
    static long bytes(int streams, int rows, int k) {
        return (long) streams * rows * k * (Integer.BYTES + Float.BYTES);
    }

    /**
     * Checks, before any store is made, that {@code dir} has room for {@code bytes} of them all: the files are
     * sparse until written, and a write to a mapped page of a full disk would crash the JVM instead of throwing.
     */
    static void requireRoom(Path dir, long bytes) {
        try {
            Files.createDirectories(dir);
            long room = Files.getFileStore(dir).getUsableSpace();
            if (room < bytes) throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "eval.codes_dir %s: the evaluation keeps its sparse codes there (%.1f MB) but only %.1f MB are free; "
                            + "point eval.codes_dir at a disk with room", dir, bytes / 1e6, room / 1e6));
        } catch (IOException e) {
            throw cannotKeep(dir, e);
        }
    }

    /** Copies rows [from, from + count) of {@code codes} to rows [at, at + count) of {@code stream}. */
    void put(int stream, int at, SparseCodes codes, int from, int count) {
        if (codes.k() != k) throw new IllegalStateException("codes have k = " + codes.k() + ", the store k = " + k);
        if (at < 0 || count < 0 || at + count > rows) throw new IndexOutOfBoundsException("rows " + at + ".." + (at + count)
                + " of " + rows);
        while (count > 0) {
            int g = at >>> shift, local = at & mask;
            int n = Math.min(count, (1 << shift) - local);
            indices[stream][g].put(local * k, codes.indices(), from * k, n * k);
            values[stream][g].put(local * k, codes.values(), from * k, n * k);
            at += n;
            from += n;
            count -= n;
        }
    }

    /** Stream {@code s}'s codes, read in place. */
    LatentCodes stream(int s) {
        IntBuffer[] idx = indices[s];
        FloatBuffer[] val = values[s];
        return new LatentCodes() {
            @Override public int rows() { return rows; }
            @Override public int k() { return k; }
            @Override public int index(int row, int j) { return idx[row >>> shift].get((row & mask) * k + j); }
            @Override public float value(int row, int j) { return val[row >>> shift].get((row & mask) * k + j); }
        };
    }

    /** Every stream's codes, in stream order. */
    LatentCodes[] streams() {
        LatentCodes[] out = new LatentCodes[indices.length];
        for (int s = 0; s < out.length; s++) out[s] = stream(s);
        return out;
    }

    private static UncheckedIOException cannotKeep(Path dir, IOException e) {
        return new UncheckedIOException("eval.codes_dir " + dir + ": cannot keep the evaluation's codes there: " + e.getMessage(), e);
    }
}
