package org.sparcj.experiments.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongConsumer;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.RowSelection;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.store.Npy;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.SparseCodes;
import org.sparcj.model.TopKMode;

/**
 * Latent codes of a feature store as sparse .npy pairs per stream (docs/EXPORT.md, Latent codes):
 * {@code <stream>.indices.npy} int32 [N x k] and {@code <stream>.values.npy} float32 [N x k] (row i: the k
 * kept latents of sample i, by descending pre-activation, ReLU'd values), {@code sample_ids.txt} (row
 * order) and {@code codes.json} (what was encoded how). Rows stream through in batches, so memory is
 * bounded by the batch whatever the store's size.
 */
public final class CodeExport {
    public static final String SAMPLE_IDS = "sample_ids.txt";
    public static final String SUMMARY = "codes.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * How latents are selected: {@code LOCAL}, every stream its own top k (as retrieval encodes, in either
     * mode); {@code GLOBAL}, the top k of the logits summed over streams, shared (a Global model's joint encoding).
     */
    public enum Selection { LOCAL, GLOBAL }

    private CodeExport() {
    }

    /**
     * Encodes {@code rows} of {@code data} under {@code model} into {@code outDir}. {@code selection} GLOBAL needs a
     * Global model; LOCAL works for both.
     *
     * @param progress told the number of rows written after every batch
     */
    public static void write(SparseAutoencoder model, TopKMode trained, MultiStreamDataset data, RowSelection rows,
                             Selection selection, Path outDir, int batchSize, String source, LongConsumer progress) {
        if (selection == Selection.GLOBAL && trained != TopKMode.GLOBAL)
            throw new IllegalArgumentException("--mode global: the model was trained with LOCAL TopK, which has no shared selection");
        if (!data.streams().equals(model.streams()))
            throw new IllegalArgumentException("the data's streams " + data.streams() + " differ from the model's " + model.streams());
        List<StreamInfo> streams = model.streams();
        int m = streams.size(), k = model.k();
        try {
            Files.createDirectories(outDir);
            FileChannel[] idx = new FileChannel[m], val = new FileChannel[m];
            try (BufferedWriter ids = Files.newBufferedWriter(outDir.resolve(SAMPLE_IDS), StandardCharsets.UTF_8)) {
                for (int s = 0; s < m; s++) {
                    idx[s] = open(outDir.resolve(streams.get(s).name() + ".indices.npy"), Npy.headerBytes("<i4", rows.size(), k));
                    val[s] = open(outDir.resolve(streams.get(s).name() + ".values.npy"), Npy.headerBytes("<f4", rows.size(), k));
                }
                ByteBuffer buf = ByteBuffer.allocate(batchSize * k * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (long from = 0; from < rows.size(); from += batchSize) {
                    long[] batch = rows.slice(from, (int) Math.min(batchSize, rows.size() - from));
                    float[][] x = data.readBatch(batch);
                    SparseCodes[] codes = selection == Selection.GLOBAL ? model.encodeJoint(x, batch.length) : new SparseCodes[m];
                    for (int s = 0; s < m; s++) {
                        SparseCodes c = selection == Selection.GLOBAL ? codes[s] : model.encode(s, x[s], batch.length);
                        buf.clear();
                        buf.asIntBuffer().put(c.indices());
                        writeAll(idx[s], buf, c.indices().length * 4);
                        buf.clear();
                        buf.asFloatBuffer().put(c.values());
                        writeAll(val[s], buf, c.values().length * 4);
                    }
                    for (long r : batch) ids.write(data.sampleId(r) + "\n");
                    progress.accept(from + batch.length);
                }
            } finally {
                for (int s = 0; s < m; s++) {
                    if (idx[s] != null) idx[s].close();
                    if (val[s] != null) val[s].close();
                }
            }
            ObjectNode summary = JSON.createObjectNode();
            summary.put("rows", rows.size()).put("k", k).put("latent_size", model.latentSize())
                    .put("selection", selection.name().toLowerCase(java.util.Locale.ROOT))
                    .put("trained_topk", trained.name()).put("source", source);
            var arr = summary.putArray("streams");
            streams.forEach(s -> arr.addObject().put("name", s.name()).put("dim", s.dim())
                    .put("indices", s.name() + ".indices.npy").put("values", s.name() + ".values.npy"));
            JSON.writeValue(outDir.resolve(SUMMARY).toFile(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write codes into " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel open(Path file, byte[] header) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        ByteBuffer h = ByteBuffer.wrap(header);
        while (h.hasRemaining()) ch.write(h);
        return ch;
    }

    private static void writeAll(FileChannel ch, ByteBuffer buf, int bytes) throws IOException {
        buf.position(0).limit(bytes);
        while (buf.hasRemaining()) ch.write(buf);
    }
}
