package org.sparcj.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import org.sparcj.data.settings.Settings;

/**
 * The checkpoint file: magic, version, the settings as JSON (version 1: key=value text, still read),
 * step, batch cursor, skipped
 * batches, dead-latent counters, every variable (weights and Adam moments) and a CRC32 of all of it.
 * Written to a temp file in the same directory and renamed, so a crash never leaves half a file under
 * the real name.
 */
final class Checkpoint {
    private static final String MAGIC = "SPARC-J checkpoint";
    private static final int VERSION = 2;
    /** Version 1 stored the settings as key=value lines; such checkpoints still load. */
    private static final int LEGACY_TEXT_CONFIG = 1;

    private Checkpoint() {
    }

    static void write(Path file, SparcModel model) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            CRC32 crc = new CRC32();
            try (OutputStream fo = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(fo, crc), 1 << 20))) {
                out.writeUTF(MAGIC);
                out.writeInt(VERSION);
                writeLongUtf(out, Settings.toJson(model.config()));
                out.writeLong(model.step());
                out.writeLong(model.batchCursor());
                out.writeLong(model.skippedBatches());
                int[][] counters = model.counters();
                out.writeInt(counters.length);
                for (int[] c : counters) {
                    out.writeInt(c.length);
                    for (int v : c) out.writeInt(v);
                }
                List<String> names = model.variableNames();
                int n = model.variableCount();
                out.writeInt(n);
                for (int i = 0; i < n; i++) {   // one variable on the heap at a time
                    out.writeUTF(names.get(i));
                    writeFloats(out, model.read(i));
                }
                out.flush();
                out.writeLong(crc.getValue());
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CheckpointException("could not write checkpoint " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the real file is already in place or the error above is reported
            }
        }
    }

    /** With {@code optimiserState} false the Adam moments are read and checked, then dropped (inference). */
    static SparcModel read(Path file, SparcConfig expected, boolean optimiserState) {
        CRC32 crc = new CRC32();
        try (InputStream fi = Files.newInputStream(file);
             CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(fi, 1 << 20), crc);
             DataInputStream in = new DataInputStream(checked)) {
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                throw new CheckpointException("checkpoint " + file + " is not a SPARC-J checkpoint (bad header)");
            }
            if (!MAGIC.equals(magic)) throw new CheckpointException("checkpoint " + file + " is not a SPARC-J checkpoint (bad header)");
            int version = in.readInt();
            if (version != VERSION && version != LEGACY_TEXT_CONFIG)
                throw new CheckpointException("checkpoint " + file + " has version " + version + "; this build reads "
                        + LEGACY_TEXT_CONFIG + " and " + VERSION);
            SparcConfig stored = version == LEGACY_TEXT_CONFIG ? parseLegacyConfig(in.readUTF(), file)
                    : parseConfig(readLongUtf(in), file);
            long step = in.readLong(), cursor = in.readLong(), skipped = in.readLong();
            int m = in.readInt();
            if (m != stored.streamCount()) throw corrupt(file, "counter streams " + m);
            int[][] counters = new int[m][];
            for (int s = 0; s < m; s++) {
                int l = in.readInt();
                if (l != stored.latentSize()) throw corrupt(file, "counter length " + l);
                counters[s] = new int[l];
                for (int j = 0; j < l; j++) counters[s][j] = in.readInt();
            }
            int n = in.readInt();
            if (n != 12 * m) throw corrupt(file, "variable count " + n);
            if (expected != null) checkCompatible(stored, expected, file);
            SparcConfig use = expected != null ? expected : stored;
            // Each variable goes into the model as it is read (the heap holds one at a time); any failure
            // afterwards closes the half-filled model.
            SparcModel model = SparcModel.restoring(use, step, cursor, skipped, counters, optimiserState);
            try {
                // For inference the larger parameters go straight from the file into mappings, and the moments
                // are read past (the checksum covers them): nothing of them on the heap.
                MappedWeights mapping = model.weightMapping();
                for (int i = 0; i < n; i++) {
                    in.readUTF();
                    int len = readLength(in, file, model.variableSize(i));
                    boolean parameter = i < model.parameterCount();   // the parameters, then the moments
                    if (parameter && mapping != null && model.mappable(i)) model.mapParameter(i, mapping, in);
                    else if (optimiserState || parameter) model.assign(i, readFloats(in, len));
                    else in.skipNBytes((long) len * Float.BYTES);
                }
                long want = crc.getValue();
                long got = in.readLong();
                if (want != got) throw new CheckpointException("checkpoint " + file + " is corrupt (checksum mismatch)");
                if (in.read() != -1) throw new CheckpointException("checkpoint " + file + " is corrupt (trailing bytes)");
                return model;
            } catch (Throwable e) {
                closeAfter(model, e);
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + file + " does not exist");
        } catch (EOFException e) {
            throw new CheckpointException("checkpoint " + file + " is truncated (ends early)");
        } catch (IOException e) {
            throw new CheckpointException("could not read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes a half-read model; a failure to close is attached to the error that stopped the read. */
    private static void closeAfter(SparcModel model, Throwable cause) {
        try {
            model.close();
        } catch (RuntimeException c) {
            cause.addSuppressed(c);
        }
    }

    private static CheckpointException corrupt(Path file, String what) {
        return new CheckpointException("checkpoint " + file + " is corrupt (" + what + ")");
    }

    /** Fields that may differ on resume: they do not change what a step computes. */
    private static final List<String> FREE_KEYS = List.of("epochs", "log_every", "max_bad_batches", "decode");

    private static void checkCompatible(SparcConfig stored, SparcConfig expected, Path file) {
        Map<String, String> a = fields(stored), b = fields(expected);
        List<String> diffs = new ArrayList<>();
        for (var e : a.entrySet()) {
            if (FREE_KEYS.contains(e.getKey())) continue;
            String other = b.get(e.getKey());
            if (!e.getValue().equals(other)) diffs.add(e.getKey() + ": checkpoint " + e.getValue() + ", requested " + other);
        }
        if (!diffs.isEmpty())
            throw new CheckpointException("checkpoint " + file + " was written for another config: " + String.join("; ", diffs));
    }

    /** The settings as flat key -> value, AuxK's width as used (k_aux = 0 and 64 mean the same at L >= 64). */
    static Map<String, String> fields(SparcConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        Settings.toConfig(c).entrySet().forEach(e -> m.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise())));
        m.put("k_aux", Integer.toString(c.kAux()));
        return m;
    }

    private static SparcConfig parseConfig(String json, Path file) {
        try {
            return Settings.fromJson(json, SparcConfig.class, "checkpoint " + file);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + file + " is corrupt (unreadable settings: " + e.getMessage() + ")");
        }
    }

    // Version 1: "key=value" lines, streams as "name:dim,name:dim"; bound by the same binder.
    private static SparcConfig parseLegacyConfig(String text, Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        try {
            List<Map<String, Object>> streams = new ArrayList<>();
            for (String part : String.valueOf(m.get("streams")).split(",")) {
                int colon = part.lastIndexOf(':');
                streams.add(Map.of("name", part.substring(0, colon), "dim", Integer.parseInt(part.substring(colon + 1))));
            }
            m.put("streams", streams);
            return Settings.bind(ConfigFactory.parseMap(m, "checkpoint " + file), SparcConfig.class, "");
        } catch (RuntimeException e) {
            throw new CheckpointException("checkpoint " + file + " is corrupt (unreadable config: " + e.getMessage() + ")");
        }
    }

    // DataOutputStream.writeUTF stops at 64 KB; settings JSON is small, but a length prefix costs nothing.
    private static void writeLongUtf(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLongUtf(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 24) throw new IOException("settings length " + n);
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        writeLittleEndian(out, v);
    }

    /** The floats as the checkpoint stores them, little-endian, without a length ({@link MappedWeights}'s files too). */
    static void writeLittleEndian(OutputStream out, float[] v) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; ) {
            buf.clear();
            int n = Math.min(v.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(v, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    private static int readLength(DataInputStream in, Path file, long expected) throws IOException {
        int len = in.readInt();
        // checked before allocating: a corrupt length must read as corrupt, not as an out-of-memory error
        if (len != expected) throw corrupt(file, "array length " + len + ", the config gives " + expected);
        return len;
    }

    private static float[] readFloats(DataInputStream in, int len) throws IOException {
        float[] v = new float[len];
        byte[] bytes = new byte[1 << 16];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < len; ) {
            int n = Math.min(len - i, bytes.length / 4);
            in.readFully(bytes, 0, n * 4);
            buf.clear();
            buf.asFloatBuffer().get(v, i, n);
            i += n;
        }
        return v;
    }
}
