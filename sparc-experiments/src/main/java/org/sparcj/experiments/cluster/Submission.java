package org.sparcj.experiments.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.sparcj.experiments.config.ConfigError;

/**
 * A grid's Slurm submission, saved in {@code <grid dir>/slurm/submission.json} beside each cell's
 * resolved config ({@code cells/<index>.conf}): what the array tasks run and the closing job ends.
 *
 * @param grid          the grid's name
 * @param gridFile      the grid file, absolute
 * @param gridSha256    the grid file's SHA-256 at submission: a task refuses a changed file
 * @param experiment    the tracker experiment of the runs
 * @param parentRunId   the grid's parent run
 * @param arrayJob      the job array's id (empty in a dry run)
 * @param closeJob      the closing job's id
 * @param submittedAt   when, ISO-8601
 * @param cells         every cell in {@code --dry-run} order (the array index), with whether it was submitted
 */
public record Submission(String grid, String gridFile, String gridSha256, String experiment, String parentRunId,
                         String arrayJob, String closeJob, String submittedAt, List<Cell> cells) {
    static final String FILE = "submission.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A cell: its array index, name, config hash and whether a task runs it (false: it had FINISHED). */
    public record Cell(int index, String name, String hash, boolean submitted) {
    }

    /** The submission directory of a grid directory. */
    public static Path dir(Path gridDir) {
        return gridDir.resolve("slurm");
    }

    static Path cellConfig(Path slurmDir, int index) {
        return slurmDir.resolve("cells").resolve(index + ".conf");
    }

    Submission withJobs(String array, String close) {
        return new Submission(grid, gridFile, gridSha256, experiment, parentRunId, array, close, submittedAt, cells);
    }

    void write(Path slurmDir) {
        Path file = slurmDir.resolve(FILE);
        try {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The grid's submission; none is one clear line (a config error). */
    static Submission read(Path slurmDir, Path gridFile) {
        Path file = slurmDir.resolve(FILE);
        if (!Files.isRegularFile(file))
            throw new ConfigError("grid " + gridFile + " has no Slurm submission (" + file
                    + "): submit it with 'sparc grid " + gridFile + " --slurm' first");
        try {
            return JSON.readValue(file.toFile(), Submission.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The SHA-256 of a file's bytes, in hex. */
    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
