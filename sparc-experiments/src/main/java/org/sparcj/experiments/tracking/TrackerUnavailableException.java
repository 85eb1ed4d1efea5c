package org.sparcj.experiments.tracking;

/** The tracking server did not answer (connection refused, timeout, 5xx): the caller may fall back locally. */
public class TrackerUnavailableException extends TrackerException {
    public TrackerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
