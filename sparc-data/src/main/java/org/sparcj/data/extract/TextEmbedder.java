package org.sparcj.data.extract;

import java.util.List;

/** A text embedding model: maps each text to a fixed-width vector. */
public interface TextEmbedder {

    /** Registry name of the model, e.g. "minilm". */
    String name();

    /** Width of every vector this model returns. */
    int dim();

    /** One vector per text, in input order; each of length {@link #dim()}. Same text, same vector. */
    float[][] embed(List<String> texts);
}
