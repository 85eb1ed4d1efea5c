package org.sparcj.data.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Helpers shared by the import tests. */
public final class LabelledImportTestSupport {
    private LabelledImportTestSupport() {
    }

    public static String imageOf(String sampleId) {
        int hash = sampleId.indexOf('#');
        return hash < 0 ? sampleId : sampleId.substring(0, hash);
    }

    /** Copies a fixture folder so a test can damage its copy. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
