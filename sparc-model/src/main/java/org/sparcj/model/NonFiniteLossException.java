package org.sparcj.model;

/** Training saw too many consecutive batches with a NaN or infinite loss. */
public final class NonFiniteLossException extends RuntimeException {
    public NonFiniteLossException(String message) {
        super(message);
    }
}
