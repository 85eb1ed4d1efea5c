package org.sparcj.data;

/** One stream of a multi-stream dataset: the model that produced it and its feature width. */
public record StreamInfo(String name, int dim) {
    public StreamInfo {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("stream name must be non-empty");
        if (dim <= 0) throw new IllegalArgumentException("stream '" + name + "': dim must be > 0, got " + dim);
    }
}
