package org.sparcj.experiments.regress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.sparcj.experiments.run.CellResult;

/**
 * The stored reference of a benchmark (results/baselines/&lt;benchmark&gt;.json): for every
 * configuration (params without the seed) and every metric, the mean over seeds and the
 * seed-to-seed spread, plus where it came from.
 */
public record Baseline(Info info, SortedMap<CellKey, Cell> cells) {

    public Baseline {
        cells = Collections.unmodifiableSortedMap(new TreeMap<>(cells));
    }

    /**
     * Provenance of a baseline.
     *
     * @param benchmark e.g. "synthetic" (names the file)
     * @param created   when it was measured
     * @param gitCommit the commit that produced it ("unknown" if not given)
     * @param grid      the grid file or name that produced it
     * @param seedKey   the param that numbers seeds
     * @param seeds     the seeds seen, sorted
     */
    public record Info(String benchmark, Instant created, String gitCommit, String grid, String seedKey,
                       List<String> seeds) {
        public Info {
            seeds = List.copyOf(seeds);
        }
    }

    /** One configuration: its seeds and per-metric statistics. */
    public record Cell(List<String> seeds, SortedMap<String, MetricStats> metrics) {
        public Cell {
            seeds = List.copyOf(seeds);
            metrics = Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
        }
    }

    /**
     * Builds a baseline from the cells of a multi-seed grid run: cells are grouped by their params
     * without {@code seedKey}; each metric present in any seed of a group must be present in all
     * of them (else the run is incomplete and this throws, naming cell and metric).
     */
    public static Baseline fromSeedRuns(List<CellResult> results, String seedKey, String benchmark, String grid,
                                        String gitCommit, Instant created) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no cell results to build a baseline from");
        }
        SortedMap<CellKey, List<CellResult>> groups = CellKey.configurations(results, seedKey);
        TreeSet<String> allSeeds = new TreeSet<>();
        SortedMap<CellKey, Cell> cells = new TreeMap<>();
        for (Map.Entry<CellKey, List<CellResult>> g : groups.entrySet()) {
            List<CellResult> runs = g.getValue();
            List<String> seeds = new ArrayList<>();
            TreeSet<String> seenSeeds = new TreeSet<>();
            for (CellResult r : runs) {
                String seed = CellKey.canonical(r.params().getOrDefault(seedKey, "?"));
                if (!seenSeeds.add(seed)) {
                    throw new IllegalArgumentException("configuration " + g.getKey() + " has seed " + seed
                            + " twice (cells " + runs.stream().map(CellResult::name).toList() + ")");
                }
                seeds.add(seed);
            }
            allSeeds.addAll(seeds);
            TreeSet<String> metricNames = new TreeSet<>();
            runs.forEach(r -> metricNames.addAll(r.metrics().keySet()));
            SortedMap<String, MetricStats> stats = new TreeMap<>();
            for (String m : metricNames) {
                double[] v = new double[runs.size()];
                for (int i = 0; i < runs.size(); i++) {
                    Double x = runs.get(i).metrics().get(m);
                    if (x == null) {
                        throw new IllegalArgumentException("metric '" + m + "' is missing in cell " + runs.get(i).name()
                                + " but present in other seeds of " + g.getKey());
                    }
                    v[i] = x;
                }
                stats.put(m, MetricStats.of(v));
            }
            cells.put(g.getKey(), new Cell(seeds.stream().sorted(Baseline::compareSeeds).toList(), stats));
        }
        List<String> seedList = new ArrayList<>(allSeeds);
        seedList.sort(Baseline::compareSeeds);
        return new Baseline(new Info(benchmark, created, gitCommit == null ? "unknown" : gitCommit, grid, seedKey,
                seedList), cells);
    }

    private static int compareSeeds(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
