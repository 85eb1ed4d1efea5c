package org.sparcj.data.wordnet;

import org.sparcj.data.extract.TextEmbedders;

import java.nio.file.Path;

/**
 * What the WordNet noun benchmark is built from.
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
                                     String nameModel, String glossModelA, String glossModelB, int batchSize) {
    public WordNetBenchmarkConfig {
        if (dataNoun == null) throw new IllegalArgumentException("wordnet: dataNoun must be set");
        if (synsets <= 0) throw new IllegalArgumentException("wordnet: synsets must be > 0, got " + synsets);
        if (minDepth < 0) throw new IllegalArgumentException("wordnet: minDepth must be >= 0, got " + minDepth);
        if (batchSize <= 0) throw new IllegalArgumentException("wordnet: batchSize must be > 0, got " + batchSize);
        checkModel("nameModel", nameModel);
        checkModel("glossModelA", glossModelA);
        checkModel("glossModelB", glossModelB);
        if (glossModelA.equals(glossModelB))
            throw new IllegalArgumentException("wordnet: glossModelA and glossModelB must differ (both '" + glossModelA
                    + "'): the two gloss streams would be identical");
    }

    private static void checkModel(String key, String name) {
        if (!TextEmbedders.knownNames().contains(name))
            throw new IllegalArgumentException("wordnet: " + key + " '" + name + "' is not a known text model; known: "
                    + TextEmbedders.knownNames());
    }

    /** 5000 synsets at depth >= 4 with distinct names, seed 0; name by MiniLM, glosses by BGE and E5. */
    public static WordNetBenchmarkConfig defaults() {
        return new WordNetBenchmarkConfig(WordNetNouns.DEBIAN_DATA_NOUN, 5000, 0L, 4, true,
                "minilm", "bge", "e5", 64);
    }

    public WordNetBenchmarkConfig withDataNoun(Path p) {
        return new WordNetBenchmarkConfig(p, synsets, seed, minDepth, distinctNames, nameModel, glossModelA, glossModelB, batchSize);
    }

    public WordNetBenchmarkConfig withSynsets(int n) {
        return new WordNetBenchmarkConfig(dataNoun, n, seed, minDepth, distinctNames, nameModel, glossModelA, glossModelB, batchSize);
    }

    public WordNetBenchmarkConfig withSeed(long s) {
        return new WordNetBenchmarkConfig(dataNoun, synsets, s, minDepth, distinctNames, nameModel, glossModelA, glossModelB, batchSize);
    }

    public WordNetBenchmarkConfig withMinDepth(int d) {
        return new WordNetBenchmarkConfig(dataNoun, synsets, seed, d, distinctNames, nameModel, glossModelA, glossModelB, batchSize);
    }
}
