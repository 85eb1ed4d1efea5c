package org.sparcj.experiments.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * One named array of an export: float32 or int64, C order, written little-endian.
 *
 * @param floats the values of a float32 tensor (null for int64)
 * @param longs  the values of an int64 tensor (null for float32)
 */
public record ExportTensor(String name, long[] shape, float[] floats, long[] longs) {
    private static final int CHUNK = 1 << 16;

    public ExportTensor {
        if ((floats == null) == (longs == null)) throw new IllegalArgumentException(name + ": exactly one of floats and longs");
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int have = floats != null ? floats.length : longs.length;
        if (n != have) throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n
                + " values, got " + have);
    }

    public static ExportTensor of(String name, float[] values, long... shape) {
        return new ExportTensor(name, shape, values, null);
    }

    public static ExportTensor ofLongs(String name, long[] values, long... shape) {
        return new ExportTensor(name, shape, null, values);
    }

    /** The safetensors dtype: F32 or I64. */
    public String safetensorsDtype() { return floats != null ? "F32" : "I64"; }

    /** The NumPy dtype string: {@code <f4} or {@code <i8}. */
    public String numpyDescr() { return floats != null ? "<f4" : "<i8"; }

    public long byteSize() { return floats != null ? 4L * floats.length : 8L * longs.length; }

    /** Writes the values little-endian, in bounded chunks. */
    public void writeTo(WritableByteChannel out) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
        int n = floats != null ? floats.length : longs.length;
        for (int from = 0; from < n; from += CHUNK) {
            b.clear();
            int to = Math.min(n, from + CHUNK);
            if (floats != null) b.asFloatBuffer().put(floats, from, to - from);
            else b.asLongBuffer().put(longs, from, to - from);
            b.limit((to - from) * (floats != null ? 4 : 8));
            while (b.hasRemaining()) out.write(b);
        }
    }
}
