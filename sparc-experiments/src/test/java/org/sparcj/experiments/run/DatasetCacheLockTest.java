package org.sparcj.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes needing the same import: while another process holds the build lock, this one waits,
 * then finds the dataset built and does not build it again.
 */
class DatasetCacheLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondProcessWaitsForTheFirstBuildAndReusesIt() throws Exception {
        Path target = dir.resolve("openimages-0123456789abcdef");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", r.readLine(), "the other process took the lock");
            AtomicInteger builds = new AtomicInteger();
            long t0 = System.nanoTime();
            Path got = DatasetCache.cached(target, tmp -> builds.incrementAndGet());
            assertEquals(target.toAbsolutePath(), got);
            assertEquals(0, builds.get(), "built by the other process, not again");
            assertTrue((System.nanoTime() - t0) / 1e6 >= 500, "waited for the other process's lock");
        }
        assertEquals(0, other.waitFor());
    }

    /** The "other process": takes the cache's lock, builds slowly, releases. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            Path target = Path.of(args[0]).toAbsolutePath();
            try (FileChannel ch = FileChannel.open(DatasetCache.lockFile(target),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(1000);
                Files.createDirectories(target);
            }
        }
    }
}
