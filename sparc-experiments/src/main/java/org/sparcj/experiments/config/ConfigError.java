package org.sparcj.experiments.config;

/** A configuration problem found before any work starts; the message names the key and where it was set. */
public final class ConfigError extends RuntimeException {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
