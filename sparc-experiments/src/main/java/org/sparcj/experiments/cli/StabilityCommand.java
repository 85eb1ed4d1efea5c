package org.sparcj.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.sparcj.eval.DecoderDirections;
import org.sparcj.eval.SeedStability;
import org.sparcj.experiments.compare.ComparisonReport;
import org.sparcj.experiments.compare.GridComparison;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.grid.GridResults;
import org.sparcj.experiments.run.CellResult;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.model.SparcModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Seed stability of a grid's configurations: every two seeds' latents matched by their decoder directions. */
@Command(name = "stability", mixinStandardHelpOptions = true,
        description = {"Check whether latents are stable across the seeds of a finished grid.",
                "Matches the latents of every two seeds of each configuration by their decoder directions",
                "(Hungarian method on cosine; per stream and jointly over all streams) and writes the table",
                "and plots through compare (docs/METHOD.md, Metrics: seed stability).",
                "GRID is a grid directory or a grid name under sparc.run.grids_dir."})
public final class StabilityCommand implements Callable<Integer> {
    private final ConfigLoader loader;

    @Parameters(index = "0", paramLabel = "GRID", description = "grid name or directory, e.g. results/grids/study-seed-stability")
    String grid;

    @Option(names = "--seed-key", defaultValue = "seed", paramLabel = "PARAM", description = "the cell param that names the seed (default: ${DEFAULT-VALUE})")
    String seedKey;

    @Option(names = "--threshold", defaultValue = "0.7", paramLabel = "COS", description = "cosine a matched pair needs to count (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: results/compare/<grid>-stability)")
    Path outDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    StabilityCommand(ConfigLoader loader) {
        this.loader = loader;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Path dir = Path.of(grid);
        if (!Files.isDirectory(dir)) dir = ExperimentConfig.of(loader.load(null, List.of())).run().gridsDir().resolve(grid);
        // configurations: the cells' params without the seed, in the order the grid left them
        Map<Map<String, String>, TreeMap<String, CellResult>> configurations = new LinkedHashMap<>();
        for (CellResult c : GridResults.load(dir)) {
            if (!c.params().containsKey(seedKey))
                throw new IllegalArgumentException("cell " + c.name() + " has no param '" + seedKey + "' (see --seed-key)");
            Map<String, String> rest = new TreeMap<>(c.params());
            String seed = rest.remove(seedKey);
            configurations.computeIfAbsent(rest, k -> new TreeMap<>()).put(seed, c);
        }
        List<CellResult> pairs = new ArrayList<>();
        for (Map.Entry<Map<String, String>, TreeMap<String, CellResult>> e : configurations.entrySet()) {
            List<CellResult> seeds = new ArrayList<>(e.getValue().values());
            List<String> names = new ArrayList<>(e.getValue().keySet());
            for (int a = 0; a < seeds.size(); a++) {
                for (int b = a + 1; b < seeds.size(); b++) {
                    SeedStability st = stability(dir.resolve(seeds.get(a).name()), dir.resolve(seeds.get(b).name()));
                    Map<String, String> params = new LinkedHashMap<>(e.getKey());
                    params.put(seedKey, names.get(a) + "-" + names.get(b));
                    String name = params.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                            .reduce((x, y) -> x + "," + y).orElse("");
                    pairs.add(new CellResult(name, params, st.flatMetrics(), "FINISHED"));
                }
            }
        }
        if (pairs.isEmpty()) throw new IllegalArgumentException(dir + ": no configuration has two seeds to compare");
        GridComparison cmp = GridComparison.ofCells(pairs);
        Path target = outDir != null ? outDir : Path.of("results", "compare", dir.getFileName() + "-stability");
        ComparisonReport report = cmp.writeReport(target, cmp.metricNames());
        out.println(report.markdownTable());
        out.println("wrote " + report.resultsMarkdown() + ", " + report.indexHtml() + " and " + report.plots().size() + " plots");
        out.flush();
        return SparcCli.OK;
    }

    private SeedStability stability(Path runA, Path runB) {
        RunDirectory a = new RunDirectory(runA), b = new RunDirectory(runB);
        double[][][] da, db;
        List<String> streams;
        try (SparcModel ma = SparcModel.loadForInference(a.checkpoint(), null); SparcModel mb = SparcModel.loadForInference(b.checkpoint(), null)) {
            da = DecoderDirections.of(ma);
            db = DecoderDirections.of(mb);
            streams = ma.streams().stream().map(s -> s.name()).toList();
        }
        int[][] ca = concepts(a.report()), cb = concepts(b.report());
        return SeedStability.compute(streams, da, db, ca == null || cb == null ? null : ca, cb, threshold);
    }

    /** The run's concept assignment (report.json: concepts.concept), or null when it has none. */
    private static int[][] concepts(Path report) {
        if (!Files.isRegularFile(report)) return null;
        try {
            JsonNode node = new ObjectMapper().readTree(report.toFile()).path("concepts").path("concept");
            if (!node.isArray()) return null;
            int[][] out = new int[node.size()][];
            for (int s = 0; s < out.length; s++) {
                JsonNode row = node.get(s);
                out[s] = new int[row.size()];
                for (int j = 0; j < out[s].length; j++) out[s][j] = row.get(j).asInt();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + report + ": " + e.getMessage(), e);
        }
    }
}
