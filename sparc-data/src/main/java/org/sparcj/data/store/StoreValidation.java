package org.sparcj.data.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.sparcj.data.DataFileException;

/**
 * Checks a feature store once before any run uses it: manifest, dtype, shapes, row counts, labels
 * ({@link LabelledDataset#open}), then every value and sample ID ({@link FeatureStore#validate}).
 * A passed check is stamped under a stamp directory (the data cache, not the store: read-only
 * stores work), keyed by the path, size and modification time of each of the store's files, so a
 * large store is scanned once and a changed file is scanned again.
 */
public final class StoreValidation {
    private StoreValidation() {
    }

    /**
     * Validates {@code dir} unless a stamp for its current files is in {@code stampDir}; throws
     * {@link DataFileException} naming the file, row and sample ID of the first problem. Returns
     * true when it scanned the store now, false when the stamp said it was already checked.
     */
    public static boolean validateOnce(Path dir, Path stampDir) {
        Path stamp = stampDir.resolve(key(dir) + ".ok");
        if (Files.isRegularFile(stamp)) return false;
        try (LabelledDataset ds = LabelledDataset.open(dir)) {
            if (ds.features() instanceof FeatureStore fs) fs.validate();
        }
        try {
            Files.createDirectories(stampDir);
            Path tmp = stampDir.resolve("." + stamp.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            Files.writeString(tmp, dir.toAbsolutePath().normalize() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, stamp, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // A cache we cannot write costs a rescan next time, nothing more.
            return true;
        }
        return true;
    }

    /** SHA-256 of the store's absolute path and each file's name, size and modification time. */
    static String key(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        StringBuilder sb = new StringBuilder(abs.toString()).append('\n');
        try (Stream<Path> s = Files.list(abs)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                sb.append(f.getFileName()).append('|').append(Files.size(f)).append('|')
                        .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            }
        } catch (IOException e) {
            throw new DataFileException(abs, "cannot list the feature store: " + e.getMessage(), e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
