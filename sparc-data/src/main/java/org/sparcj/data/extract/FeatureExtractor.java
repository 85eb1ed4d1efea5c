package org.sparcj.data.extract;

import org.sparcj.data.StreamInfo;
import org.sparcj.data.store.FeatureStoreWriter;
import org.sparcj.data.store.Manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Embeds the texts of samples into feature streams, batch by batch: row r of every stream is
 * sample r. Embedding is deterministic, so the same samples and models give the same features.
 */
public final class FeatureExtractor {
    private final List<StreamSpec> streams;
    private final int batchSize;

    public FeatureExtractor(List<StreamSpec> streams, int batchSize) {
        if (streams.isEmpty()) throw new IllegalArgumentException("extraction needs at least one stream");
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        Set<String> names = new HashSet<>();
        for (StreamSpec s : streams)
            if (!names.add(s.stream())) throw new IllegalArgumentException("duplicate stream name '" + s.stream() + "'");
        this.streams = List.copyOf(streams);
        this.batchSize = batchSize;
    }

    public List<StreamInfo> streamInfos() {
        return streams.stream().map(StreamSpec::info).toList();
    }

    /**
     * Embeds every sample into a new feature store in {@code dir} (one {@code <stream>.npy} per
     * stream, {@code sample_ids.txt}, {@code manifest.json}). On failure the store is left marked
     * incomplete, so it cannot be opened by mistake.
     */
    public void extractTo(Path dir, List<TextSample> samples, ExtractionProgress progress) {
        FeatureStoreWriter writer = FeatureStoreWriter.create(dir, streamInfos(), samples.size());
        try {
            extract(samples, writer::appendBatch, progress);
        } catch (RuntimeException | Error e) {
            writer.abort();
            throw e;
        }
        writer.close();
        // Name each stream's bundled model in the manifest, so a text query can be embedded like the stream.
        Manifest m = Manifest.read(dir);
        for (StreamSpec spec : streams) {
            String model = spec.embedder().name();
            if (TextEmbedders.knownNames().contains(model)) m = m.withStream(spec.stream(), e -> e.withTextModel(model));
        }
        try {
            m.write(dir);
        } catch (java.io.IOException e) {
            throw new org.sparcj.data.DataFileException(dir, "cannot rewrite the manifest: " + e.getMessage(), e);
        }
    }

    /** Embeds every sample into every stream and hands the rows to {@code sink} in sample order. */
    public void extract(List<TextSample> samples, FeatureSink sink, ExtractionProgress progress) {
        if (samples.isEmpty()) throw new IllegalArgumentException("extraction needs at least one sample");
        Set<String> ids = new HashSet<>();
        for (TextSample s : samples) {
            if (!ids.add(s.id())) throw new IllegalArgumentException("duplicate sample id '" + s.id() + "'");
            for (StreamSpec spec : streams) s.text(spec.field()); // fail before any model runs
        }
        long total = samples.size();
        progress.update(0, total);
        for (int from = 0; from < samples.size(); from += batchSize) {
            List<TextSample> batch = samples.subList(from, Math.min(samples.size(), from + batchSize));
            List<String> batchIds = new ArrayList<>(batch.size());
            for (TextSample s : batch) batchIds.add(s.id());
            float[][] perStream = new float[streams.size()][];
            for (int s = 0; s < streams.size(); s++) {
                StreamSpec spec = streams.get(s);
                List<String> texts = new ArrayList<>(batch.size());
                for (TextSample sample : batch) texts.add(sample.text(spec.field()));
                float[][] vectors = spec.embedder().embed(texts);
                int dim = spec.embedder().dim();
                float[] rows = new float[batch.size() * dim];
                for (int i = 0; i < vectors.length; i++) System.arraycopy(vectors[i], 0, rows, i * dim, dim);
                perStream[s] = rows;
            }
            sink.write(batchIds, perStream);
            progress.update(from + batch.size(), total);
        }
    }
}
