package org.sparcj.data.wordnet;

import static org.sparcj.data.settings.Settings.require;

import java.nio.file.Path;
import java.util.Map;
import org.sparcj.data.extract.TextEmbedders;
import org.sparcj.data.settings.Key;
import org.sparcj.data.settings.Settings;

/**
 * What the WordNet noun benchmark is built from ({@code sparc.data.wordnet}; the defaults are this
 * module's {@code reference.conf}).
 *
 * @param dataNoun      WordNet's data.noun (Debian: /usr/share/wordnet/data.noun)
 * @param synsets       number of synsets (samples) to draw
 * @param seed          seed of the draw
 * @param minDepth      only synsets at least this deep below entity (longest-path depth) are drawn
 * @param distinctNames only synsets whose lemma text no other noun synset shares, so that a name
 *                      identifies one gloss (name-to-gloss retrieval has one right answer)
 * @param nameModel     model for stream {@code name} (the lemma names)
 * @param glossModelA   model for stream {@code gloss_a} (the definition)
 * @param glossModelB   model for stream {@code gloss_b} (the same definition)
 * @param batchSize     texts per embedding call (and per progress update)
 */
public record WordNetBenchmarkConfig(Path dataNoun, int synsets, long seed, int minDepth, boolean distinctNames,
                                     String nameModel, @Key("gloss_a_model") String glossModelA,
                                     @Key("gloss_b_model") String glossModelB, int batchSize) {
    public WordNetBenchmarkConfig {
        require("data_noun", dataNoun, dataNoun != null, "a path");
        require("synsets", synsets, synsets > 0, "> 0");
        require("min_depth", minDepth, minDepth >= 0, ">= 0");
        require("batch_size", batchSize, batchSize > 0, "> 0");
        require("name_model", nameModel, TextEmbedders.knownNames().contains(nameModel), "one of " + TextEmbedders.knownNames());
        require("gloss_a_model", glossModelA, TextEmbedders.knownNames().contains(glossModelA), "one of " + TextEmbedders.knownNames());
        require("gloss_b_model", glossModelB, TextEmbedders.knownNames().contains(glossModelB), "one of " + TextEmbedders.knownNames());
        require("gloss_b_model", glossModelB, !glossModelA.equals(glossModelB),
                "a model other than gloss_a_model: the two gloss streams must differ");
    }

    /** This module's {@code reference.conf}: 2000 synsets at depth >= 4 with distinct names; MiniLM, BGE, E5. */
    public static WordNetBenchmarkConfig defaults() {
        return Settings.defaults(WordNetBenchmarkConfig.class, "sparc.data.wordnet", Map.of());
    }

    /** A copy with settings changed, as pairs of config key and value ({@code with("synsets", 100)}). */
    public WordNetBenchmarkConfig with(Object... keyValues) {
        return Settings.with(this, keyValues);
    }
}
