package org.sparcj.data.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sparcj.data.DataFileException;
import org.sparcj.data.LabelsIo;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.TaxonomyIo;

/**
 * Features plus (optional) ground-truth labels from one directory: a feature store with
 * {@code taxonomy.tsv} and {@code labels.tsv} beside it. {@code labels} is null when the directory
 * has no taxonomy.
 */
public record LabelledDataset(MultiStreamDataset features, SampleLabels labels) implements AutoCloseable {
    public LabelledDataset {
        if (features == null) throw new IllegalArgumentException("features must not be null");
        if (labels != null && labels.rows() != features.size())
            throw new IllegalArgumentException("labels have " + labels.rows() + " rows, features " + features.size());
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** Opens the feature store in {@code dir} and, when {@code taxonomy.tsv} is present, its labels. */
    public static LabelledDataset open(Path dir) {
        FeatureStore store = FeatureStore.open(dir);
        try {
            Path tax = dir.resolve(TaxonomyIo.FILE_NAME);
            Path lab = dir.resolve(LabelsIo.FILE_NAME);
            if (!Files.exists(tax)) {
                if (Files.exists(lab)) throw new DataFileException(tax, "missing: the directory has labels but no taxonomy");
                return new LabelledDataset(store, null);
            }
            if (!Files.exists(lab)) throw new DataFileException(lab, "missing: the directory has a taxonomy but no labels");
            Taxonomy t = TaxonomyIo.read(tax);
            return new LabelledDataset(store, LabelsIo.read(lab, t, store));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Writes {@code taxonomy.tsv} and {@code labels.tsv} beside the features already in {@code dir}. */
    public static void writeLabels(Path dir, SampleLabels labels, MultiStreamDataset features) throws IOException {
        if (labels.rows() != features.size())
            throw new IllegalArgumentException("labels have " + labels.rows() + " rows, features " + features.size());
        TaxonomyIo.write(dir.resolve(TaxonomyIo.FILE_NAME), labels.taxonomy());
        LabelsIo.write(dir.resolve(LabelsIo.FILE_NAME), labels, features::sampleId);
    }

    @Override
    public void close() {
        features.close();
    }
}
