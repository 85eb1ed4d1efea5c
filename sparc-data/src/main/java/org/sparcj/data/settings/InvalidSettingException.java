package org.sparcj.data.settings;

/**
 * A record's own validation failed for one component. Thrown from compact constructors through
 * {@link Settings#require}; the binder adds the full key and the file and line that set the value.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private final String key;
    private final transient Object value;
    private final String allowed;

    public InvalidSettingException(String key, Object value, String allowed) {
        super(key + " = " + value + " (allowed: " + allowed + ")");
        this.key = key;
        this.value = value;
        this.allowed = allowed;
    }

    /** The config key relative to the record ({@code k}, {@code split.test}). */
    public String key() {
        return key;
    }

    public Object value() {
        return value;
    }

    public String allowed() {
        return allowed;
    }
}
