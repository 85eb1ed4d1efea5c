package org.sparcj.experiments.grid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sparcj.experiments.run.CellResult;
import org.sparcj.experiments.run.RunDirectory;

/** Reads the cell results a grid left under its output directory (one result.json per cell). */
public final class GridResults {
    private GridResults() {
    }

    public static List<CellResult> load(Path gridDir) {
        if (!Files.isDirectory(gridDir)) throw new IllegalArgumentException("no grid results at " + gridDir);
        List<CellResult> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(gridDir)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory).sorted()::iterator)
                new RunDirectory(d).result().ifPresent(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + gridDir, e);
        }
        return out;
    }
}
