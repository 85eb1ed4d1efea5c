package org.sparcj.data.store;

import org.sparcj.data.DataFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stream's patch features, opened read-only beside a feature store: {@code <stream>_patches.npy}
 * of shape [N' x P x d] (little-endian float32 {@code '<f4'} or float16 {@code '<f2'}, C order),
 * memory-mapped in chunks of whole samples, and optionally {@code <stream>_patches_ids.txt} naming
 * the N' samples it covers (without it: every sample of the store, in store order). The manifest
 * entry ({@link Manifest.Patches}) gives the grid (P = rows x cols) and the pooling. Reads are
 * thread-safe.
 */
public final class PatchFeatures {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*True");

    private final Manifest.Patches spec;
    private final int dim;
    private final int bytesPerValue;
    private final long samples;
    private final ByteBuffer[] chunks;
    private final long perChunk;
    private final Map<String, Integer> rowOfId;

    private PatchFeatures(Manifest.Patches spec, int dim, int bytesPerValue, long samples, ByteBuffer[] chunks,
                          long perChunk, Map<String, Integer> rowOfId) {
        this.spec = spec;
        this.dim = dim;
        this.bytesPerValue = bytesPerValue;
        this.samples = samples;
        this.chunks = chunks;
        this.perChunk = perChunk;
        this.rowOfId = rowOfId;
    }

    /** True when the store in {@code dir} lists patch features for {@code stream}. */
    public static boolean present(Path dir, String stream) {
        Manifest.Entry e = Manifest.read(dir).stream(stream);
        return e != null && e.patches() != null;
    }

    /**
     * Opens {@code stream}'s patch features of the complete store {@code store}, checking the file's
     * dtype and shape against the manifest and the ID file against the store's samples.
     */
    public static PatchFeatures open(FeatureStore store, String stream) {
        Path dir = store.directory();
        Path manifestFile = dir.resolve(Manifest.FILE_NAME);
        Manifest.Entry e = Manifest.read(dir).stream(stream);
        if (e == null) throw new DataFileException(manifestFile, "no stream '" + stream + "'");
        Manifest.Patches p = e.patches();
        if (p == null) throw new DataFileException(manifestFile, "stream '" + stream + "' has no patch features");
        Path file = dir.resolve(p.file());
        if (!Files.isRegularFile(file))
            throw new DataFileException(manifestFile, "stream '" + stream + "' points to missing patch file " + file);
        Map<String, Integer> rowOfId = new HashMap<>();
        long expectedRows;
        if (p.idsFile() == null) {
            for (long r = 0; r < store.size(); r++) rowOfId.put(store.sampleId(r), (int) r);
            expectedRows = store.size();
        } else {
            expectedRows = readIds(dir.resolve(p.idsFile()), store, rowOfId);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer pre = ByteBuffer.allocate((int) Math.min(ch.size(), 4096)).order(ByteOrder.LITTLE_ENDIAN);
            while (pre.hasRemaining() && ch.read(pre, pre.position()) > 0) {
                // reads the preamble, or the whole file when it is shorter
            }
            String text = new String(pre.array(), StandardCharsets.ISO_8859_1);
            if (!text.startsWith("\u0093NUMPY")) throw new DataFileException(file, "not a .npy file (bad magic string)");
            int major = pre.get(6);
            long headerEnd = major == 1 ? 10 + (pre.getShort(8) & 0xffff) : 12 + (pre.getInt(8) & 0xffffffffL);
            if (headerEnd > text.length()) throw new DataFileException(file, "truncated or oversized .npy header");
            String header = text.substring(0, (int) headerEnd);
            Matcher d = DESCR.matcher(header);
            String descr = d.find() ? d.group(1) : "?";
            int width = descr.equals("<f4") ? 4 : descr.equals("<f2") ? 2 : 0;
            if (width == 0)
                throw new DataFileException(file, "dtype '" + descr + "' not supported: need '<f4' or '<f2' (little-endian float32 or float16)");
            if (FORTRAN.matcher(header).find()) throw new DataFileException(file, "Fortran-order array not supported");
            Matcher s = SHAPE.matcher(header);
            long[] shape = s.find() ? List.of(s.group(1).split(",")).stream().map(String::trim)
                    .filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray() : new long[0];
            String want = "(" + expectedRows + ", " + p.count() + ", " + e.dim() + ")";
            if (shape.length != 3 || shape[0] != expectedRows || shape[1] != p.count() || shape[2] != e.dim())
                throw new DataFileException(file, "has shape (" + (s.reset().find() ? s.group(1).trim() : "?")
                        + ") but the manifest says " + want + ": " + expectedRows + " samples"
                        + (p.idsFile() == null ? "" : " (" + p.idsFile() + ")") + ", grid " + p.rows() + "x" + p.cols()
                        + " = " + p.count() + " patches, dim " + e.dim());
            long sampleBytes = (long) width * p.count() * e.dim();
            if (ch.size() != headerEnd + sampleBytes * expectedRows)
                throw new DataFileException(file, "has " + ch.size() + " bytes, shape " + want + " needs "
                        + (headerEnd + sampleBytes * expectedRows));
            long per = Math.max(1, FeatureStore.MAP_CHUNK_BYTES / sampleBytes);
            ByteBuffer[] chunks = new ByteBuffer[(int) ((expectedRows + per - 1) / per)];
            for (int c = 0; c < chunks.length; c++) {
                long first = c * per;
                long n = Math.min(per, expectedRows - first);
                chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, headerEnd + first * sampleBytes, n * sampleBytes)
                        .order(ByteOrder.LITTLE_ENDIAN);
            }
            return new PatchFeatures(p, e.dim(), width, expectedRows, chunks, per, rowOfId);
        } catch (IOException ex) {
            throw new DataFileException(file, "cannot read patch features: " + ex.getMessage(), ex);
        }
    }

    private static long readIds(Path ids, FeatureStore store, Map<String, Integer> rowOfId) {
        Map<String, Long> storeRows = new HashMap<>();
        for (long r = 0; r < store.size(); r++) storeRows.put(store.sampleId(r), r);
        List<String> lines;
        try {
            lines = Files.readAllLines(ids, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new DataFileException(ids, "cannot read patch sample IDs: " + ex.getMessage(), ex);
        }
        for (int i = 0; i < lines.size(); i++) {
            String id = lines.get(i);
            if (!storeRows.containsKey(id))
                throw new DataFileException(ids, "line " + (i + 1) + ": sample ID '" + id + "' is not in the feature store");
            if (rowOfId.put(id, i) != null)
                throw new DataFileException(ids, "line " + (i + 1) + ": sample ID '" + id + "' appears twice");
        }
        return lines.size();
    }

    public Manifest.Patches spec() {
        return spec;
    }

    /** P, patches per sample. */
    public int count() {
        return spec.count();
    }

    public int dim() {
        return dim;
    }

    /** N', the samples covered. */
    public long samples() {
        return samples;
    }

    /** The row of {@code sampleId} in the patch file, or -1 when its patches are not stored. */
    public int rowOf(String sampleId) {
        Integer r = rowOfId.get(sampleId);
        return r == null ? -1 : r;
    }

    /** The tokens of patch-file row {@code row}, [P x d] row-major, as float32. */
    public float[] read(int row) {
        if (row < 0 || row >= samples) throw new IndexOutOfBoundsException("patch row " + row + " outside 0.." + (samples - 1));
        int n = spec.count() * dim;
        ByteBuffer b = chunks[(int) (row / perChunk)];
        int base = (int) ((row % perChunk) * n * bytesPerValue);
        float[] out = new float[n];
        for (int i = 0; i < n; i++)
            out[i] = bytesPerValue == 4 ? b.getFloat(base + 4 * i) : halfToFloat(b.getShort(base + 2 * i));
        return out;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * Writes {@code tokens} ([samples x P x d] float32, all samples of the store in store order) as
     * {@code <stream>_patches.npy} and records them in the manifest with their grid and pooling.
     */
    public static void write(Path dir, String stream, int gridRows, int gridCols, Manifest.Pooling pooling,
                             long samples, int dim, java.util.function.LongFunction<float[]> tokens) {
        String name = stream + "_patches.npy";
        Path file = dir.resolve(name);
        int p = gridRows * gridCols;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(Npy.headerBytes("<f4", samples, p, dim)));
            ByteBuffer b = ByteBuffer.allocate(4 * p * dim).order(ByteOrder.LITTLE_ENDIAN);
            for (long r = 0; r < samples; r++) {
                b.clear();
                b.asFloatBuffer().put(tokens.apply(r));
                b.limit(4 * p * dim);
                while (b.hasRemaining()) ch.write(b);
            }
            Manifest m = Manifest.read(dir).withStream(stream,
                    e -> e.withPatches(new Manifest.Patches(name, null, gridRows, gridCols, pooling)));
            m.write(dir);
        } catch (IOException ex) {
            throw new DataFileException(file, "cannot write patch features: " + ex.getMessage(), ex);
        }
    }
}
