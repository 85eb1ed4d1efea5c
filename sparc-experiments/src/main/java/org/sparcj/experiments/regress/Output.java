package org.sparcj.experiments.regress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** How this package writes its files (report, result.json, baselines). */
final class Output {

    /** Reads JSON and makes the nodes that are written with {@code toPrettyString()}, one value a line for clean diffs. */
    static final ObjectMapper JSON = new ObjectMapper();

    private Output() {
    }

    /** Writes {@code text} to {@code file}, creating parent directories; {@code what} names the file in errors. */
    static void write(Path file, String text, String what) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " " + file, e);
        }
    }

    /** A JSON number, or the Java text ("NaN", "Infinity", "-Infinity") where JSON has no number. */
    static JsonNode number(double v) {
        return Double.isFinite(v) ? DoubleNode.valueOf(v) : TextNode.valueOf(Double.toString(v));
    }
}
