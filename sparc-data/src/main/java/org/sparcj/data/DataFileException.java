package org.sparcj.data;

import java.nio.file.Path;

/** A data file is missing, malformed or inconsistent; the message names the file and what is wrong. */
public class DataFileException extends RuntimeException {
    private final transient Path file;

    public DataFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public DataFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
