package org.sparcj.data.wordnet;

import org.sparcj.data.store.LabelledDataset;
import org.sparcj.data.SampleLabels;
import org.sparcj.data.Taxonomy;
import org.sparcj.data.extract.ExtractionProgress;
import org.sparcj.data.extract.FeatureExtractor;
import org.sparcj.data.extract.StreamSpec;
import org.sparcj.data.extract.TextEmbedders;
import org.sparcj.data.extract.TextSample;
import org.sparcj.data.store.FeatureStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The WordNet noun benchmark: samples are noun synsets; stream {@code name} embeds the synset's
 * lemma names ("dog, domestic dog, Canis familiaris") with one model, streams {@code gloss_a} and
 * {@code gloss_b} embed its definition (the gloss without usage examples, which often contain the
 * lemma itself) with two other models: a name-versus-description pairing, like image-versus-caption.
 * <p>
 * Labels: each sample is labelled with its own synset's node in the hypernym tree (see
 * {@link WordNetHierarchy} for the longest-path rule). Its ancestors are implied: evaluation lifts
 * every label along its parent chain to the depth it scores, so "the synset and its ancestors" is
 * what each depth sees. The taxonomy holds the drawn synsets and all their ancestors only.
 */
public final class WordNetBenchmark {
    public static final String NAME_STREAM = "name";
    public static final String GLOSS_A_STREAM = "gloss_a";
    public static final String GLOSS_B_STREAM = "gloss_b";
    /** Text fields of the samples. */
    public static final String NAME_FIELD = "name";
    public static final String GLOSS_FIELD = "gloss";

    private WordNetBenchmark() {
    }

    /** The drawn synsets in row order, with their taxonomy and labels. */
    public record Selection(List<Synset> synsets, Taxonomy taxonomy, SampleLabels labels) {
        public Selection {
            synsets = List.copyOf(synsets);
        }

        /** One sample per synset: id = wnid, fields {@code name} and {@code gloss}. */
        public List<TextSample> samples() {
            List<TextSample> out = new ArrayList<>(synsets.size());
            for (Synset s : synsets)
                out.add(new TextSample(s.wnid(), Map.of(NAME_FIELD, s.lemmaText(), GLOSS_FIELD, s.definition())));
            return out;
        }
    }

    /**
     * Draws the synsets: those with depth >= minDepth, a non-empty gloss and (if asked) a lemma text
     * no other synset shares, in file order, shuffled with the seed; the first {@code synsets} of
     * them, in that shuffled order, are the rows (so contiguous batches mix topics).
     */
    public static Selection select(WordNetHierarchy h, WordNetBenchmarkConfig c) {
        Map<String, Integer> nameCount = new HashMap<>();
        if (c.distinctNames()) for (Synset s : h.synsets()) nameCount.merge(s.lemmaText(), 1, Integer::sum);
        List<Synset> eligible = new ArrayList<>();
        for (Synset s : h.synsets()) {
            if (h.depth(s.offset()) < c.minDepth() || s.gloss().isBlank()) continue;
            if (c.distinctNames() && nameCount.get(s.lemmaText()) > 1) continue;
            eligible.add(s);
        }
        if (eligible.size() < c.synsets())
            throw new IllegalArgumentException("wordnet: asked for " + c.synsets() + " synsets but only " + eligible.size()
                    + " in " + c.dataNoun() + " have depth >= " + c.minDepth() + (c.distinctNames() ? " and a distinct name" : ""));
        Collections.shuffle(eligible, new Random(c.seed()));
        List<Synset> chosen = eligible.subList(0, c.synsets());
        Taxonomy t = h.taxonomy(chosen.stream().map(Synset::offset).toList());
        int[][] labels = new int[chosen.size()][];
        for (int r = 0; r < labels.length; r++) labels[r] = new int[]{t.byId(chosen.get(r).wnid()).getAsInt()};
        return new Selection(chosen, t, new SampleLabels(t, labels));
    }

    /**
     * Builds the benchmark dataset in {@code outDir}: a feature store with streams {@code name},
     * {@code gloss_a}, {@code gloss_b} (one row per drawn synset, sample id = wnid such as
     * "n02084071") plus {@code taxonomy.tsv} and {@code labels.tsv}; open it with
     * {@link LabelledDataset#open(Path)}. {@code outDir} must not already hold a feature store.
     *
     * @return the drawn synsets, taxonomy and labels
     */
    public static Selection build(WordNetBenchmarkConfig c, Path outDir, ExtractionProgress progress) {
        Selection sel = select(WordNetHierarchy.read(c.dataNoun()), c);
        new FeatureExtractor(streams(c), c.batchSize()).extractTo(outDir, sel.samples(), progress);
        try (FeatureStore store = FeatureStore.open(outDir)) {
            LabelledDataset.writeLabels(outDir, sel.labels(), store);
        } catch (IOException e) {
            throw new UncheckedIOException("writing WordNet labels in " + outDir, e);
        }
        return sel;
    }

    /** The three streams, with their models loaded from the classpath. */
    public static List<StreamSpec> streams(WordNetBenchmarkConfig c) {
        return List.of(
                new StreamSpec(NAME_STREAM, NAME_FIELD, TextEmbedders.byName(c.nameModel())),
                new StreamSpec(GLOSS_A_STREAM, GLOSS_FIELD, TextEmbedders.byName(c.glossModelA())),
                new StreamSpec(GLOSS_B_STREAM, GLOSS_FIELD, TextEmbedders.byName(c.glossModelB())));
    }
}
