package org.sparcj.data.settings;

/** A setting that cannot be bound: the message names the full key, the value and where it was set. */
public final class SettingsException extends IllegalArgumentException {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
