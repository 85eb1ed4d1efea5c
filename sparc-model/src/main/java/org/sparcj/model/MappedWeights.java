package org.sparcj.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * The parameters of a model that only runs forward (loaded or created for inference), held in read-only
 * file mappings instead of anonymous memory (docs/METHOD.md, Checkpoints): page cache the kernel may drop
 * and read again, like the feature store's. Each parameter is written to a temporary file, TensorFlow's
 * ImmutableConst maps that file, and an Assign to the variable, which has no buffer yet, adopts the mapped
 * buffer (TensorFlow's Assign copies only into a buffer the variable already has). The file is deleted
 * once mapped; the mapping lives as long as the variable. Such a variable must never be written again: its
 * pages are read-only ({@link SparcModel} refuses). Parameters under {@link #MIN_BYTES} are assigned as
 * usual. A failure to write or map a file is an {@link UncheckedIOException} naming the file and the
 * parameter, apart from errors reading the source (a checkpoint's), which stay {@link IOException}s.
 */
final class MappedWeights {
    /** Smaller parameters (the biases) are copied: a file and a mapping per bias cost more than they save. */
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
        System.err.println("weights kept in memory, not memory-mapped (" + why
                + (why.endsWith("big-endian") ? ")" : "; set -Djava.io.tmpdir)"));
        return null;
    }

    /** Writes {@code values} to a file and points {@code variable} at its mapping. */
    void map(SparcGraph g, int variable, float[] values) throws IOException {
        map(g, variable, out -> Checkpoint.writeLittleEndian(out, values));
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
        String name = g.variables.names.get(variable);
        Path file = null;
        try {
            file = Files.createTempFile(dir, "sparc-weights-" + name + "-", ".f32");
            Path at = file;
            try (OutputStream raw = Files.newOutputStream(file); OutputStream out = new FilterOutputStream(raw) {
                // Errors of the temporary file, told apart from the source's (which reach the caller as they are).
                @Override
                public void write(byte[] b, int off, int len) {
                    try {
                        raw.write(b, off, len);
                    } catch (IOException e) {
                        throw cannotMap(name, at, e);
                    }
                }
            }) {
                writer.write(out);
            }
            g.session.runner().addTarget(g.variables.mapFrom(variable, file)).run().close();
        } catch (TensorFlowException e) {
            throw cannotMap(name, file, new IOException(e.getMessage(), e));
        } catch (IOException e) {
            if (file == null || e instanceof java.nio.file.FileSystemException) throw cannotMap(name, file == null ? dir : file, e);
            throw e;
        } finally {
            if (file != null) Files.deleteIfExists(file);
        }
    }

    private static UncheckedIOException cannotMap(String name, Path file, IOException e) {
        return new UncheckedIOException("could not memory-map " + name + " through " + file + ": " + e.getMessage()
                + " (set -Djava.io.tmpdir to a local disk with room)", e);
    }
}
