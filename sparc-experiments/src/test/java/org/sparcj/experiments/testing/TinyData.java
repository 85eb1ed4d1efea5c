package org.sparcj.experiments.testing;

import java.nio.file.Path;

/** Settings for a tiny synthetic benchmark (192 samples, two small streams), cached under a test's temp dir. */
public final class TinyData {
    private TinyData() {
    }

    /** A {@code data { ... }} block for an experiment file's {@code sparc} section. */
    public static String settings(Path dir) {
        return """
                data {
                    cache_dir = "%s"
                    synthetic {
                      samples = 192
                      streams = [ { name = a, dim = 8 }, { name = b, dim = 6 } ]
                      text_stream = b
                      depth = 2
                      branching = 3
                      concepts_per_sample = 2
                      private_factors = 2
                      text_private_factors = 2
                      aligned_pair = []
                    }
                  }""".formatted(dir.resolve("data").toString().replace("\\", "/"));
    }
}
