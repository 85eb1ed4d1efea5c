package org.sparcj.data.extract;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

import java.util.ArrayList;
import java.util.List;

/**
 * A LangChain4j in-process ONNX model (weights and tokenizer inside its jar, run by ONNX Runtime).
 * Vectors are L2-normalised by LangChain4j; texts longer than the model's 512-token window are
 * embedded in windows and averaged by LangChain4j.
 */
final class OnnxTextEmbedder implements TextEmbedder {
    private final String name;
    private final int dim;
    private final String prefix;
    private final EmbeddingModel model;

    OnnxTextEmbedder(String name, int dim, String prefix, EmbeddingModel model) {
        this.name = name;
        this.dim = dim;
        this.prefix = prefix;
        this.model = model;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public float[][] embed(List<String> texts) {
        if (texts.isEmpty()) return new float[0][];
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            // LangChain4j rejects blank segments; a blank input is a caller bug worth naming.
            if (t == null || t.isBlank())
                throw new IllegalArgumentException("embedder '" + name + "': text " + i + " is empty");
            segments.add(TextSegment.from(prefix + t));
        }
        List<Embedding> out = model.embedAll(segments).content();
        if (out.size() != texts.size())
            throw new IllegalStateException("embedder '" + name + "' returned " + out.size()
                    + " vectors for " + texts.size() + " texts");
        float[][] vectors = new float[out.size()][];
        for (int i = 0; i < vectors.length; i++) {
            float[] v = out.get(i).vector();
            if (v.length != dim)
                throw new IllegalStateException("embedder '" + name + "' returned width " + v.length + ", expected " + dim);
            vectors[i] = v;
        }
        return vectors;
    }

    @Override
    public String toString() {
        return "TextEmbedder[" + name + ", dim " + dim + "]";
    }
}
