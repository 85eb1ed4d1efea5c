package org.sparcj.model;

/** A checkpoint could not be written or read: missing, truncated, corrupt, or for another config. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
