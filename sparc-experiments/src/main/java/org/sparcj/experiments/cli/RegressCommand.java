package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.run.CellResult;
import org.sparcj.experiments.grid.GridCell;
import org.sparcj.experiments.grid.GridRunner;
import org.sparcj.experiments.grid.GridSpec;
import org.sparcj.experiments.regress.BaselineJson;
import org.sparcj.experiments.regress.BaselineUpdate;
import org.sparcj.experiments.regress.ClaimSet;
import org.sparcj.experiments.regress.RegressionResult;
import org.sparcj.experiments.regress.RegressionRunner;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.tracking.MetricPoint;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.tracking.RunTags;
import org.sparcj.experiments.tracking.TrackedRun;
import org.sparcj.experiments.tracking.Tracker;
import org.sparcj.experiments.wiring.Trackers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Trains and evaluates the fixed, seeded benchmark grid, checks the paper's findings (claims file)
 * and compares every metric with the committed baseline.
 */
@Command(name = "regress", mixinStandardHelpOptions = true,
        description = {"Check the paper's claims (C1-C8) and every metric against a stored baseline.",
                "Trains the benchmark grid, checks the claims, compares every metric with",
                "results/baselines/<benchmark>.json, writes results/regression/<benchmark>/report.md",
                "and logs it as a tracked run.",
                "Exit 0: all fine; 1: a claim failed or a metric moved past its tolerance;",
                "2: an error (missing cell, metric or baseline, bad claims file)."})
public final class RegressCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final Trackers trackers;
    private final GridRunner gridRunner;
    private final StopSignal stop;

    @Option(names = "--benchmark", defaultValue = "synthetic", paramLabel = "NAME",
            description = "benchmark name: grid conf/grids/regress-NAME.conf, baseline results/baselines/NAME.json (default ${DEFAULT-VALUE})")
    String benchmark;

    @Option(names = "--grid", paramLabel = "FILE", description = "grid file (default conf/grids/regress-<benchmark>.conf)")
    Path gridFile;

    @Option(names = "--claims", paramLabel = "FILE", description = "claims file (default conf/claims.conf, or conf/claims-<benchmark>.conf when it exists)")
    Path claimsFile;

    @Option(names = "--baselines", defaultValue = "results/baselines", paramLabel = "DIR", description = "baseline directory (default ${DEFAULT-VALUE})")
    Path baselines;

    @Option(names = "--report-dir", defaultValue = "results/regression", paramLabel = "DIR", description = "report directory (default ${DEFAULT-VALUE})")
    Path reportDir;

    @Option(names = "--update-baseline", description = "rewrite the baseline from this run and print what changed")
    boolean updateBaseline;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "N", description = "grid cells run at a time (default ${DEFAULT-VALUE})")
    int parallel;

    @Parameters(paramLabel = "key=value", arity = "0..*", description = "overrides applied to every cell")
    List<String> overrides = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    RegressCommand(ConfigLoader loader, Trackers trackers, GridRunner gridRunner, StopSignal stop) {
        this.loader = loader;
        this.trackers = trackers;
        this.gridRunner = gridRunner;
        this.stop = stop;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Path grid = gridFile != null ? gridFile : Path.of("conf/grids/regress-" + benchmark + ".conf");
        Path claimsPath = claimsFile != null ? claimsFile : defaultClaims();
        GridSpec gridSpec = GridSpec.parse(grid);
        ClaimSet claims = ClaimSet.load(claimsPath);
        RegressionRunner runner = new RegressionRunner();
        List<Map<String, String>> planned = gridSpec.cells().stream().map(GridCell::params).toList();
        List<String> problems = runner.preflight(claims, planned, Set.of("chance"));
        if (!problems.isEmpty()) {
            err.println("regress: the claims in " + claimsPath + " do not fit the grid " + grid + ":");
            problems.forEach(p -> err.println("  " + p));
            return SparcCli.USAGE;
        }

        ExperimentConfig base = ExperimentConfig.of(loader.load(gridSpec.experiment(), overrides));
        try (Tracker tracker = trackers.open(base.tracking()); CtrlC ignored = new CtrlC(stop)) {
            GridRunner.Result r = gridRunner.run(gridSpec, overrides, parallel, tracker, out);
            out.println();
            out.println("grid " + r.grid() + " " + r.status() + " (" + r.dir() + ")");
            if (r.status() == RunStatus.KILLED) return SparcCli.KILLED;
            List<CellResult> cells = r.cells();

            Path baselineFile = BaselineJson.fileOf(baselines, benchmark);
            if (updateBaseline) {
                BaselineUpdate update = runner.updateBaselineFile(cells, claimsPath, baselineFile, benchmark,
                        gridSpec.name(), RunTags.gitCommit());
                out.println("baseline " + baselineFile + " rewritten:");
                out.println(update.diff());
            }
            Path report = reportDir.resolve(benchmark).resolve("report.md");
            RegressionResult result = runner.checkAndReport(cells, claimsPath, baselineFile, report, constants(cells));
            out.println(result.summary());
            out.println("report: " + report);
            logRun(tracker, base, grid, claimsPath, baselineFile, report, result);
            out.flush();
            return result.exitCode();
        }
    }

    private Path defaultClaims() {
        Path specific = Path.of("conf/claims-" + benchmark + ".conf");
        return java.nio.file.Files.isRegularFile(specific) ? specific : Path.of("conf/claims.conf");
    }

    /** chance = 1 / retrieval gallery size (every query ranked against the whole analysis set). */
    private static Map<String, Double> constants(List<CellResult> cells) {
        for (CellResult c : cells) {
            Double g = c.metrics().get("retrieval.gallery_size");
            if (g != null && g > 0) return RegressionRunner.chanceConstants((int) Math.round(g));
        }
        return Map.of();
    }

    private void logRun(Tracker tracker, ExperimentConfig base, Path grid, Path claims, Path baseline, Path report,
                        RegressionResult result) {
        Map<String, String> tags = new LinkedHashMap<>(RunTags.standard(base.hash()));
        tags.put("sparc.regress.benchmark", benchmark);
        TrackedRun run = tracker.startRun(base.tracking().experiment(), "regress-" + benchmark, null, tags);
        try {
            run.logParams(Map.of("benchmark", benchmark, "grid", grid.toString(), "claims", claims.toString(),
                    "baseline", baseline.toString()));
            long now = System.currentTimeMillis();
            List<MetricPoint> points = new ArrayList<>();
            result.summaryMetrics().forEach((k, v) -> points.add(new MetricPoint(k, v, 0, now)));
            run.logMetrics(points);
            run.logArtifact(report, "");
            Path json = report.resolveSibling("result.json");
            if (java.nio.file.Files.isRegularFile(json)) run.logArtifact(json, "");
            run.setTag("sparc.regress.exit_code", Integer.toString(result.exitCode()));
            run.end(result.exitCode() == 2 ? RunStatus.FAILED : RunStatus.FINISHED);
        } catch (RuntimeException e) {
            run.setTag(RunTags.ERROR, String.valueOf(e.getMessage()));
            run.end(RunStatus.FAILED);
            throw e;
        }
    }
}
