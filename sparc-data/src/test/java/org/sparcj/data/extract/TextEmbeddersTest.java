package org.sparcj.data.extract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextEmbeddersTest {

    static List<String> models() {
        return TextEmbedders.knownNames();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void registryHasThreeDistinctRealModels() {
        assertEquals(List.of("minilm", "bge", "e5"), TextEmbedders.knownNames());
    }

    @ParameterizedTest
    @MethodSource("models")
    void sameTextGivesIdenticalVectorTwiceAndAcrossInstances(String name) {
        TextEmbedder a = TextEmbedders.byName(name);
        TextEmbedder b = TextEmbedders.byName(name);
        List<String> texts = List.of("a domesticated carnivorous mammal", "the stock market fell sharply");
        float[][] first = a.embed(texts);
        float[][] second = a.embed(texts);
        float[][] other = b.embed(List.of(texts.get(1), texts.get(0)));
        assertEquals(2, first.length);
        assertEquals(a.dim(), first[0].length);
        assertEquals(384, a.dim());
        for (int i = 0; i < 2; i++) assertArrayEquals(first[i], second[i], name + ": text " + i + " embedded twice");
        // Same text in another instance, in another position of the batch.
        assertArrayEquals(first[0], other[1], name + ": across instances");
        assertArrayEquals(first[1], other[0], name + ": across instances");
        // Different texts give different vectors (the model is not returning a constant).
        assertTrue(cosine(first[0], first[1]) < 0.99);
    }

    @ParameterizedTest
    @MethodSource("models")
    void knownCosineOrderings(String name) {
        TextEmbedder e = TextEmbedders.byName(name);
        float[][] v = e.embed(List.of(
                "A dog is running in the park.",        // 0
                "A puppy plays on the grass.",          // 1
                "The stock market fell sharply today.", // 2
                "Share prices dropped on Wall Street.", // 3
                "dog",                                  // 4
                "puppy",                                // 5
                "stock market"));                       // 6
        double dogPuppy = cosine(v[0], v[1]);
        double dogStocks = cosine(v[0], v[2]);
        double stocksShares = cosine(v[2], v[3]);
        double puppyShares = cosine(v[1], v[3]);
        assertTrue(dogPuppy > dogStocks, name + ": dog/puppy " + dogPuppy + " vs dog/stock market " + dogStocks);
        assertTrue(stocksShares > puppyShares, name + ": stocks/shares " + stocksShares + " vs puppy/shares " + puppyShares);
        assertTrue(cosine(v[4], v[0]) > cosine(v[4], v[2]), name + ": 'dog' nearer the dog sentence");
        assertTrue(cosine(v[4], v[5]) > cosine(v[4], v[6]), name + ": words dog/puppy vs dog/stock market");
    }

    @Test
    void unknownNameListsKnownModels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextEmbedders.byName("gpt9"));
        assertTrue(e.getMessage().contains("gpt9") && e.getMessage().contains("minilm")
                && e.getMessage().contains("bge") && e.getMessage().contains("e5"), e.getMessage());
    }

    @Test
    void missingModelClassNamesTheArtifact() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextEmbedders.load(
                "absent", "dev.langchain4j.model.embedding.onnx.absent.AbsentModel", "dev.langchain4j:absent", 384, ""));
        assertTrue(e.getMessage().contains("dev.langchain4j:absent") && e.getMessage().contains("not on the classpath"),
                e.getMessage());
    }

    @Test
    void blankTextIsRejectedWithItsIndex() {
        TextEmbedder e = TextEmbedders.byName("minilm");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.embed(List.of("fine", " ")));
        assertTrue(ex.getMessage().contains("text 1"), ex.getMessage());
    }
}
