package org.sparcj.data.store;

import org.sparcj.data.DataFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of the NumPy {@code .npy} format used by the feature store: 2-D little-endian float32
 * ({@code '<f4'}), C order. Headers are written as version 1.0 with a fixed 128-byte preamble so a
 * writer can patch the row count in place when it finishes.
 */
public final class Npy {
    /** Total preamble (magic, version, header length, header dict, padding) written by this class. */
    public static final int WRITTEN_HEADER_BYTES = 128;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Parsed header of a 2-D float32 array: rows, cols and the byte offset where data starts. */
    public record Header(long rows, int cols, long dataOffset) {
        public long dataBytes() {
            return rows * cols * 4L;
        }
    }

    /** Reads and checks the header: must be '<f4', C order, 2-D, and the file must hold all the data. */
    public static Header readHeader(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0, file);
            for (int i = 0; i < MAGIC.length; i++)
                if (pre.get(i) != MAGIC[i]) throw new DataFileException(file, "not a .npy file (bad magic string)");
            int major = pre.get(6) & 0xff;
            long headerLen;
            int lenBytes;
            if (major == 1) {
                headerLen = pre.getShort(8) & 0xffff;
                lenBytes = 2;
            } else if (major == 2 || major == 3) {
                headerLen = pre.getInt(8) & 0xffffffffL;
                lenBytes = 4;
            } else {
                throw new DataFileException(file, "unsupported .npy format version " + major);
            }
            long dataOffset = 8 + lenBytes + headerLen;
            if (dataOffset > size) throw new DataFileException(file, "truncated .npy header");
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8 + lenBytes, file);
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = parseDict(header, file, dataOffset);
            long expected = dataOffset + h.dataBytes();
            if (size < expected)
                throw new DataFileException(file, "truncated: shape (" + h.rows() + ", " + h.cols() + ") needs "
                        + expected + " bytes, file has " + size + ": row " + (size - dataOffset) / (4L * h.cols())
                        + " onwards is missing");
            if (size > expected)
                throw new DataFileException(file, "file has " + (size - expected) + " bytes beyond shape ("
                        + h.rows() + ", " + h.cols() + ")");
            return h;
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read .npy file: " + e.getMessage(), e);
        }
    }

    private static Header parseDict(String header, Path file, long dataOffset) {
        Matcher d = DESCR.matcher(header);
        if (!d.find()) throw new DataFileException(file, "no 'descr' in .npy header: " + header.trim());
        String descr = d.group(1);
        if (!descr.equals("<f4")) {
            String why = descr.equals(">f4") ? "big-endian float32" : "dtype '" + descr + "'";
            throw new DataFileException(file, why + " not supported: need little-endian float32 '<f4'"
                    + " (numpy: arr.astype('<f4'))");
        }
        Matcher f = FORTRAN.matcher(header);
        if (!f.find()) throw new DataFileException(file, "no 'fortran_order' in .npy header");
        if (f.group(1).equals("True"))
            throw new DataFileException(file, "Fortran-order array not supported: save a C-order array (np.ascontiguousarray)");
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) throw new DataFileException(file, "no 'shape' in .npy header");
        String[] parts = s.group(1).split(",");
        long[] dims = java.util.Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        if (dims.length != 2)
            throw new DataFileException(file, "need a 2-D array (N, d), got shape (" + s.group(1).trim() + ")");
        if (dims[1] <= 0 || dims[1] > Integer.MAX_VALUE || dims[0] < 0)
            throw new DataFileException(file, "invalid shape (" + s.group(1).trim() + ")");
        return new Header(dims[0], (int) dims[1], dataOffset);
    }

    /** The 128-byte v1.0 preamble for a (rows, cols) '<f4' C-order array. */
    public static byte[] headerBytes(long rows, int cols) {
        return headerBytes("<f4", rows, cols);
    }

    /**
     * The 128-byte v1.0 preamble for a C-order array of any NumPy dtype string ({@code '<i4'}, {@code '<i8'},
     * ...) and shape (one dimension or more), for writers of other arrays than the store's.
     */
    public static byte[] headerBytes(String descr, long... shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) dims.append(d).append(", ");
        String tuple = shape.length == 1 ? dims.toString().trim() : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + tuple + "), }";
        int dictSpace = WRITTEN_HEADER_BYTES - 10;
        if (dict.length() + 1 > dictSpace) throw new IllegalArgumentException("shape too large for header");
        StringBuilder sb = new StringBuilder(dict);
        while (sb.length() < dictSpace - 1) sb.append(' ');
        sb.append('\n');
        ByteBuffer b = ByteBuffer.allocate(WRITTEN_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) dictSpace);
        b.put(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) throw new DataFileException(file, "truncated .npy file (ends inside the header)");
        }
    }
}
