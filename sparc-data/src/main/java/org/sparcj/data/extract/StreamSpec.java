package org.sparcj.data.extract;

import org.sparcj.data.StreamInfo;

/** One output stream: the text field it embeds and the model that embeds it. */
public record StreamSpec(String stream, String field, TextEmbedder embedder) {
    public StreamSpec {
        if (stream == null || stream.isBlank()) throw new IllegalArgumentException("stream name must be non-empty");
        if (field == null || field.isBlank()) throw new IllegalArgumentException("stream '" + stream + "': field must be non-empty");
        if (embedder == null) throw new IllegalArgumentException("stream '" + stream + "': embedder is null");
    }

    public StreamInfo info() {
        return new StreamInfo(stream, embedder.dim());
    }
}
