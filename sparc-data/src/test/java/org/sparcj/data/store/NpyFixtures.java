package org.sparcj.data.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test fixtures written byte by byte from the NumPy format spec (independent of {@link Npy}). */
final class NpyFixtures {
    private NpyFixtures() {
    }

    /** A v1.0 .npy: magic, version 1.0, uint16 LE header length, dict padded with spaces and '\n' to a 64-byte boundary. */
    static byte[] npyBytes(String descr, boolean fortran, long rows, int cols, float[] data, ByteOrder order) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        StringBuilder h = new StringBuilder(dict);
        while (10 + h.length() + 1 < total) h.append(' ');
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(total + data.length * 4);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        int len = h.length();
        b.put((byte) (len & 0xff)).put((byte) (len >>> 8));
        b.put(h.toString().getBytes(StandardCharsets.US_ASCII));
        b.order(order);
        for (float v : data) b.putFloat(v);
        return b.array();
    }

    static void writeNpy(Path file, long rows, int cols, float[] data) throws IOException {
        Files.write(file, npyBytes("<f4", false, rows, cols, data, ByteOrder.LITTLE_ENDIAN));
    }

    /** A manifest as a Python writer would produce it. */
    static void writeManifest(Path dir, long samples, List<String[]> streams, boolean complete) throws IOException {
        StringBuilder s = new StringBuilder("{\"format\": \"sparcj-feature-store\", \"version\": 1, \"samples\": ")
                .append(samples).append(", \"sample_ids\": \"sample_ids.txt\", \"streams\": [");
        for (int i = 0; i < streams.size(); i++) {
            String[] e = streams.get(i);
            if (i > 0) s.append(", ");
            s.append("{\"name\": \"").append(e[0]).append("\", \"dim\": ").append(e[1])
                    .append(", \"file\": \"").append(e[2]).append("\"}");
        }
        s.append("], \"complete\": ").append(complete).append("}");
        Files.writeString(dir.resolve("manifest.json"), s.toString());
    }

    static void writeIds(Path dir, long n) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve("sample_ids.txt")))) {
            for (long i = 0; i < n; i++) out.write(("s" + i + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
