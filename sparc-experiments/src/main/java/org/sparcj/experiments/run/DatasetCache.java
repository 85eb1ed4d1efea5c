package org.sparcj.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.sparcj.data.store.FeatureStore;

/**
 * Generated datasets, built once per settings and reused: written under a temporary name and
 * renamed, so a crash never leaves a half dataset under the real name. One builder at a time per
 * target: threads of this process wait on an in-process lock, other processes (grid --parallel,
 * cluster jobs sharing the cache) on a file lock beside the target, then find it built.
 */
final class DatasetCache {
    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private DatasetCache() {
    }

    /** Builds a generated dataset once into {@code dir} (under a temporary name, then renamed) and reuses it. */
    static Path cached(Path dir, Consumer<Path> build) {
        Path target = dir.toAbsolutePath();
        synchronized (LOCKS.computeIfAbsent(target, k -> new Object())) {
            if (Files.isDirectory(target)) return target;
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            try {
                Files.createDirectories(target.getParent());
                try (FileChannel ch = FileChannel.open(lockFile(target),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    if (Files.isDirectory(target)) return target;   // another process built it while this one waited
                    build(target, tmp, build);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the dataset " + target, e);
            }
            return target;
        }
    }

    /** The file whose lock one process holds while it builds {@code target}. */
    static Path lockFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".lock");
    }

    private static void build(Path target, Path tmp, Consumer<Path> build) throws IOException {
        FeatureStore.delete(tmp);
        Files.createDirectories(tmp);
        build.accept(tmp);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isDirectory(target)) throw raced;   // another process finished first: use its copy
            FeatureStore.delete(tmp);
        }
    }
}
