package org.sparcj.experiments.tracking;

/** A tracker could not record or read something; the message names the store or server and what failed. */
public class TrackerException extends RuntimeException {
    public TrackerException(String message) {
        super(message);
    }

    public TrackerException(String message, Throwable cause) {
        super(message, cause);
    }
}
