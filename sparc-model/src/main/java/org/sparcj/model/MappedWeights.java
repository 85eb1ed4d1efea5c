package org.sparcj.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The parameters of a model that only runs forward (loaded or created for inference), held in read-only
 * file mappings instead of anonymous memory (docs/METHOD.md, Checkpoints): page cache the kernel may drop
 * and read again, like the feature store's. Each parameter is written to a temporary file, TensorFlow's
 * ImmutableConst maps that file, and an Assign to the variable, which has no buffer yet, adopts the mapped
 * buffer (TensorFlow's Assign copies only into a buffer the variable already has). The file is deleted
 * once mapped; the mapping lives as long as the variable. Such a variable must never be written again: its
 * pages are read-only ({@link SparcModel} refuses). Parameters under {@link #MIN_BYTES} are assigned as
 * usual (TensorFlow folds small constants into the graph, which would copy them anyway).
 */
final class MappedWeights {
    /** Smaller parameters (the biases) are copied: a mapping per bias costs more than it saves. */
    static final long MIN_BYTES = 1 << 20;

    private final Path dir;

    private MappedWeights(Path dir) {
        this.dir = dir;
    }

    /**
     * Where the temporary files go: {@code java.io.tmpdir}. Null, with one line on standard error, when it
     * cannot take {@code bytes} (not writable, or too little room), or on a big-endian machine (the files
     * hold the checkpoint's little-endian floats as they are): the parameters then stay in memory as in a
     * training model, with the same results.
     */
    static MappedWeights inTempDir(long bytes) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        String why;
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) why = "this machine is big-endian";
        else try {
            Files.createDirectories(dir);
            long room = Files.getFileStore(dir).getUsableSpace();
            if (!Files.isWritable(dir)) why = dir + " is not writable";
            else if (room < bytes) why = String.format(Locale.ROOT, "%s has %.2f GB free, the weights need %.2f GB", dir,
                    room / 1e9, bytes / 1e9);
            else return new MappedWeights(dir);
        } catch (IOException e) {
            why = dir + ": " + e.getMessage();
        }
        System.err.println("weights kept in memory, not memory-mapped (" + why + "; set -Djava.io.tmpdir)");
        return null;
    }

    /** Writes {@code values} to a file and points {@code variable} at its mapping. */
    void map(SparcGraph g, int variable, float[] values) throws IOException {
        map(g, variable, out -> {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; ) {
                buf.clear();
                int n = Math.min(values.length - i, buf.capacity() / Float.BYTES);
                buf.asFloatBuffer().put(values, i, n);
                out.write(buf.array(), 0, n * Float.BYTES);
                i += n;
            }
        });
    }

    /** Copies {@code bytes} little-endian floats from {@code in} to a file and points {@code variable} at its mapping. */
    void map(SparcGraph g, int variable, InputStream in, long bytes) throws IOException {
        map(g, variable, out -> {
            byte[] buf = new byte[1 << 16];
            for (long left = bytes; left > 0; ) {
                int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
                if (n == 0) throw new java.io.EOFException();
                out.write(buf, 0, n);
                left -= n;
            }
        });
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private void map(SparcGraph g, int variable, Writer writer) throws IOException {
        Path file = Files.createTempFile(dir, "sparc-weights-" + g.variables.names.get(variable) + "-", ".f32");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                writer.write(out);
            }
            g.session.runner().addTarget(g.variables.mapFrom(variable, file)).run().close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
