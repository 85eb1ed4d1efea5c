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
import org.sparcj.data.StreamInfo;

/**
 * The checkpoint file: magic, version, the config as key=value text, step, batch cursor, skipped
 * batches, dead-latent counters, every variable (weights and Adam moments) and a CRC32 of all of it.
 * Written to a temp file in the same directory and renamed, so a crash never leaves half a file under
 * the real name.
 */
final class Checkpoint {
    private static final String MAGIC = "SPARC-J checkpoint";
    private static final int VERSION = 1;

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
                out.writeUTF(configText(model.config()));
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
                float[][] values = model.readAll();
                out.writeInt(values.length);
                for (int i = 0; i < values.length; i++) {
                    out.writeUTF(names.get(i));
                    writeFloats(out, values[i]);
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

    static SparcModel read(Path file, SparcConfig expected) {
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
            if (version != VERSION)
                throw new CheckpointException("checkpoint " + file + " has version " + version + "; this build reads " + VERSION);
            SparcConfig stored = parseConfig(in.readUTF(), file);
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
            float[][] values = new float[n][];
            for (int i = 0; i < n; i++) {
                in.readUTF();
                values[i] = readFloats(in, file);
            }
            long want = crc.getValue();
            long got = in.readLong();
            if (want != got) throw new CheckpointException("checkpoint " + file + " is corrupt (checksum mismatch)");
            if (in.read() != -1) throw new CheckpointException("checkpoint " + file + " is corrupt (trailing bytes)");
            if (expected != null) checkCompatible(stored, expected, file);
            SparcConfig use = expected != null ? expected : stored;
            return SparcModel.restored(use, step, cursor, skipped, counters, values);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + file + " does not exist");
        } catch (EOFException e) {
            throw new CheckpointException("checkpoint " + file + " is truncated (ends early)");
        } catch (IOException e) {
            throw new CheckpointException("could not read checkpoint " + file + ": " + e.getMessage(), e);
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

    static String configText(SparcConfig c) {
        StringBuilder sb = new StringBuilder();
        fields(c).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    static Map<String, String> fields(SparcConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        StringBuilder streams = new StringBuilder();
        for (StreamInfo s : c.streams()) streams.append(streams.length() == 0 ? "" : ",").append(s.name()).append(':').append(s.dim());
        m.put("streams", streams.toString());
        m.put("latent_size", Integer.toString(c.latentSize()));
        m.put("k", Integer.toString(c.k()));
        m.put("topk", c.topK().name());
        m.put("lambda", Double.toString(c.lambda()));
        m.put("alpha", Double.toString(c.alpha()));
        m.put("k_aux", Integer.toString(c.kAux()));
        m.put("dead_steps", Integer.toString(c.deadSteps()));
        m.put("fire_threshold", Double.toString(c.fireThreshold()));
        m.put("resample_every", Integer.toString(c.resampleEvery()));
        m.put("learning_rate", Double.toString(c.learningRate()));
        m.put("batch_size", Integer.toString(c.batchSize()));
        m.put("epochs", Integer.toString(c.epochs()));
        m.put("seed", Long.toString(c.seed()));
        m.put("batch_order", c.batchOrder().name());
        m.put("decode", c.decode().name());
        m.put("log_every", Integer.toString(c.logEvery()));
        m.put("max_bad_batches", Integer.toString(c.maxBadBatches()));
        return m;
    }

    private static SparcConfig parseConfig(String text, Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        try {
            List<StreamInfo> streams = new ArrayList<>();
            for (String part : m.get("streams").split(",")) {
                int colon = part.lastIndexOf(':');
                streams.add(new StreamInfo(part.substring(0, colon), Integer.parseInt(part.substring(colon + 1))));
            }
            return SparcConfig.builder(streams)
                    .latentSize(Integer.parseInt(m.get("latent_size")))
                    .k(Integer.parseInt(m.get("k")))
                    .topK(TopKMode.valueOf(m.get("topk")))
                    .lambda(Double.parseDouble(m.get("lambda")))
                    .alpha(Double.parseDouble(m.get("alpha")))
                    .kAux(Integer.parseInt(m.get("k_aux")))
                    .deadSteps(Integer.parseInt(m.get("dead_steps")))
                    .fireThreshold(Double.parseDouble(m.get("fire_threshold")))
                    .resampleEvery(Integer.parseInt(m.get("resample_every")))
                    .learningRate(Double.parseDouble(m.get("learning_rate")))
                    .batchSize(Integer.parseInt(m.get("batch_size")))
                    .epochs(Integer.parseInt(m.get("epochs")))
                    .seed(Long.parseLong(m.get("seed")))
                    .batchOrder(BatchOrder.valueOf(m.get("batch_order")))
                    .decode(DecodeMode.valueOf(m.get("decode")))
                    .logEvery(Integer.parseInt(m.get("log_every")))
                    .maxBadBatches(Integer.parseInt(m.get("max_bad_batches")))
                    .build();
        } catch (RuntimeException e) {
            throw new CheckpointException("checkpoint " + file + " is corrupt (unreadable config: " + e.getMessage() + ")");
        }
    }

    private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; ) {
            buf.clear();
            int n = Math.min(v.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(v, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    private static float[] readFloats(DataInputStream in, Path file) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > 1 << 30) throw corrupt(file, "array length " + len);
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
