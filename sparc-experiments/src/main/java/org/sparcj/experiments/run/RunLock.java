package org.sparcj.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per run directory: an exclusive {@link FileChannel#tryLock} on {@code <dir>/.lock},
 * held until {@link #close} (or the process ends: the kernel releases it on kill -9), plus an
 * in-process guard, since one JVM cannot lock the same file twice ({@code --parallel}). The lock
 * file names the holder's pid. Advisory locks on NFS work only where the server supports them
 * (NFSv4, or v3 with lockd); see docs/RELIABILITY.md.
 */
public final class RunLock implements AutoCloseable {
    static final String FILE = ".lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock on {@code dir} (created if missing), or empty when another process or thread holds it. */
    public static Optional<RunLock> tryAcquire(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!HELD.add(abs)) return Optional.empty();
        Path file = abs.resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(abs);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                HELD.remove(abs);
                return Optional.empty();
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return Optional.of(new RunLock(abs, ch, l));
        } catch (IOException e) {
            HELD.remove(abs);
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Waits (polling once a second) until the lock on {@code dir} is free and takes it; empty when {@code stop} fires first. */
    public static Optional<RunLock> await(Path dir, StopSignal stop) {
        while (!stop.stopped()) {
            Optional<RunLock> l = tryAcquire(dir);
            if (l.isPresent()) return l;
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Who holds {@code dir}'s lock, as its lock file says ("pid 1234"), or "another process". */
    public static String holder(Path dir) {
        try {
            String s = Files.readString(dir.resolve(FILE)).trim();
            return s.isEmpty() ? "another process" : s;
        } catch (IOException e) {
            return "another process";
        }
    }

    /** A clear one-line refusal for a run directory another writer holds. */
    public static IllegalStateException busy(Path dir) {
        return new RunDirectoryBusyException(dir + " is in use by " + holder(dir) + " (lock " + dir.resolve(FILE)
                + "): wait for it to finish or choose another --name");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        } finally {
            closeQuietly(channel);
            HELD.remove(dir);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was written through it that matters
        }
    }

    /** Another writer holds the run directory: the command stops before any work. */
    public static final class RunDirectoryBusyException extends IllegalStateException {
        RunDirectoryBusyException(String message) {
            super(message);
        }
    }
}
