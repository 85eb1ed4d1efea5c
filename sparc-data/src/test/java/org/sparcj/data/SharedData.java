package org.sparcj.data;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Locates the real metadata copies for tests (env SPARCJ_SHARED_DATA, or a shared/data folder above); tests skip if absent. */
public final class SharedData {
    private SharedData() {
    }

    public static Path file(String relative) {
        Path found = null;
        String env = System.getenv("SPARCJ_SHARED_DATA");
        if (env != null && Files.exists(Path.of(env, relative))) found = Path.of(env, relative);
        for (Path dir = Path.of("").toAbsolutePath(); found == null && dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared").resolve("data").resolve(relative);
            if (Files.exists(p)) found = p;
        }
        assumeTrue(found != null, "real data file " + relative + " not available; skipping");
        return found;
    }
}
