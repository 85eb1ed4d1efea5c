package org.sparcj.experiments.atlas;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.SampleLabels;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.StreamParameters;

/** Builds the latent atlas of a model over analysis rows: {@link LatentStats}, then {@link AtlasSite}. */
public final class Atlas {
    /**
     * @param shown           top samples per latent and stream on its page
     * @param conceptTopN     samples per latent and stream for concepts, Jaccard and the top label (eval.concept_top_n)
     * @param purityThreshold eval.purity_threshold
     * @param batchSize       rows encoded per batch
     */
    public record Options(int shown, int conceptTopN, double purityThreshold, int batchSize) {
        public Options {
            if (shown <= 0) throw new IllegalArgumentException("--top " + shown + ": must be > 0");
        }
    }

    /** What was built: the site's files and bytes, and the seconds it took. */
    public record Built(Path dir, long files, long bytes, double seconds) {
    }

    private Atlas() {
    }

    /**
     * @param labels   per dataset row, or null (no concepts, Jaccard or labels)
     * @param storeDir where images.tsv and texts.tsv are looked for, or null
     */
    public static Built build(Path out, SparseAutoencoder model, List<StreamParameters> parameters, MultiStreamDataset data,
                              long[] rows, SampleLabels labels, AtlasSite.Header header, Path storeDir, Options options,
                              LongConsumer progress) {
        long t0 = System.nanoTime();
        LatentStats stats = LatentStats.compute(model, parameters, data, rows, labels, options.shown(), options.conceptTopN(),
                options.purityThreshold(), options.batchSize(), progress);
        AtlasSite.Written w = AtlasSite.write(out, stats, labels == null ? null : labels.taxonomy(), header,
                p -> data.sampleId(rows[(int) p]), storeDir, PatchHeat.of(out, parameters, data), rows);
        return new Built(out, w.files(), w.bytes(), (System.nanoTime() - t0) / 1e9);
    }
}
