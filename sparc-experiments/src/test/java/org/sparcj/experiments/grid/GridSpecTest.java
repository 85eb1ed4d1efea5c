package org.sparcj.experiments.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.config.ConfigError;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.wiring.CoreModule;
import org.sparcj.experiments.wiring.DataModule;

class GridSpecTest {
    @TempDir
    Path dir;

    @BeforeEach
    void base() throws IOException {
        Files.writeString(dir.resolve("base.conf"), "sparc.model { latent_size = 1024, k = 8 }\n");
    }

    private GridSpec grid(String body) throws IOException {
        Path f = dir.resolve("g.conf");
        Files.writeString(f, "grid {\n  name = g\n  experiment = base.conf\n" + body + "\n}\n");
        return GridSpec.parse(f);
    }

    private static List<String> names(List<GridCell> cells) {
        return cells.stream().map(GridCell::name).toList();
    }

    @Test
    void productInFileOrderFirstAxisSlowest() throws IOException {
        GridSpec g = grid("  axes {\n    \"model.topk\" = [LOCAL, GLOBAL]\n    \"model.lambda\" = [0, 1]\n"
                + "    \"model.seed\" = [1, 2, 3]\n  }");
        List<GridCell> cells = g.cells();
        assertEquals(12, cells.size());
        assertEquals("topk=LOCAL,lambda=0,seed=1", cells.get(0).name());
        assertEquals("topk=LOCAL,lambda=0,seed=2", cells.get(1).name());
        assertEquals("topk=GLOBAL,lambda=1,seed=3", cells.get(11).name());
        assertEquals(Map.of("topk", "GLOBAL", "lambda", "1", "seed", "3"), cells.get(11).params());
        assertEquals(dir.resolve("base.conf"), g.experiment());
    }

    @Test
    void zipGroupsVaryTogetherAndExclusionsRemoveCells() throws IOException {
        GridSpec g = grid("  axes { \"model.topk\" = [LOCAL, GLOBAL] }\n"
                + "  axes { \"model.lambda\" = [0, 1] }\n"
                + "  zip = [ { \"model.k\" = [16, 64], \"model.latent_size\" = [256, 1024] } ]\n"
                + "  exclude = [ { \"model.topk\" = local, \"model.lambda\" = 0.0 } ]");
        List<GridCell> cells = g.cells();
        // 2 x 2 x 2 = 8, minus the 2 LOCAL/lambda=0 cells
        assertEquals(6, cells.size(), names(cells).toString());
        assertEquals(List.of("topk=LOCAL,lambda=1,k=16,latent_size=256", "topk=LOCAL,lambda=1,k=64,latent_size=1024",
                "topk=GLOBAL,lambda=0,k=16,latent_size=256", "topk=GLOBAL,lambda=0,k=64,latent_size=1024",
                "topk=GLOBAL,lambda=1,k=16,latent_size=256", "topk=GLOBAL,lambda=1,k=64,latent_size=1024"),
                names(cells));
    }

    @Test
    void cellOverridesApplyOnTopOfTheExperimentAndKeepGridOrigin() throws IOException {
        GridSpec g = grid("  axes { \"model.k\" = [4, 2000] }");
        ConfigLoader loader = new ConfigLoader();
        GridCell ok = g.cells().get(0);
        ExperimentConfig c = ExperimentConfig.of(loader.resolve(List.of(loader.parseExperiment(g.experiment()), ok.asConfig())));
        assertEquals(4, c.resolved().getInt("sparc.model.k"));
        assertEquals(1024, c.resolved().getInt("sparc.model.latent_size"));
        GridCell bad = g.cells().get(1);
        ConfigError e = assertThrows(ConfigError.class, () -> ExperimentConfig.of(
                loader.resolve(List.of(loader.parseExperiment(g.experiment()), bad.asConfig()))));
        assertTrue(e.getMessage().contains("g.conf: 4"), e.getMessage());
    }

    @Test
    void anUnknownAxisKeyFailsBeforeAnyCellRunsNamingKeyAndGridFile() throws IOException {
        GridSpec g = grid("  axes {\n    \"model.topk\" = [LOCAL]\n    \"model.lamda\" = [0, 1]\n  }");
        ConfigError e = assertThrows(ConfigError.class, () -> runner().resolveCells(g, List.of()));
        assertTrue(e.getMessage().contains("sparc.model.lamda") && e.getMessage().contains("g.conf: 6"), e.getMessage());
    }

    @Test
    void anUnknownDataSourceFailsBeforeAnyCellRunsNamingKeyAndValue() throws IOException {
        GridSpec g = grid("  axes { \"data.source\" = [synthetic, nosuch] }");
        ConfigError e = assertThrows(ConfigError.class, () -> runner().resolveCells(g, List.of()));
        assertTrue(e.getMessage().contains("sparc.data.source") && e.getMessage().contains("nosuch"), e.getMessage());
    }

    private static GridRunner runner() {
        return Guice.createInjector(new CoreModule(new StopSignal()), new DataModule()).getInstance(GridRunner.class);
    }

    @Test
    void namesAreFileSafeAndDisambiguated() throws IOException {
        GridSpec g = grid("  axes { \"model.seed\" = [1], \"data.synthetic.seed\" = [2], \"data.store.path\" = [\"/a b/c\"] }");
        GridCell c = g.cells().get(0);
        assertEquals("path=_a_b_c,data.synthetic.seed=2,model.seed=1", c.name());
        assertEquals("/a b/c", c.params().get("path"));
    }

    @Test
    void badGridsNameKeyAndFile() throws IOException {
        ConfigError unknown = assertThrows(ConfigError.class, () -> grid("  axis { \"model.k\" = [1] }"));
        assertTrue(unknown.getMessage().contains("grid.axis") && unknown.getMessage().contains("g.conf: 4"),
                unknown.getMessage());
        ConfigError zip = assertThrows(ConfigError.class,
                () -> grid("  zip = [ { \"model.k\" = [1, 2], \"model.seed\" = [1] } ]"));
        assertTrue(zip.getMessage().contains("differ in length"), zip.getMessage());
        ConfigError excl = assertThrows(ConfigError.class,
                () -> grid("  axes { \"model.k\" = [1] }\n  exclude = [ { \"model.kk\" = 1 } ]"));
        assertTrue(excl.getMessage().contains("model.kk") && excl.getMessage().contains("g.conf: 5"), excl.getMessage());
        ConfigError notList = assertThrows(ConfigError.class, () -> grid("  axes { \"model.k\" = 3 }"));
        assertTrue(notList.getMessage().contains("model.k") && notList.getMessage().contains("g.conf: 4"),
                notList.getMessage());
        Path f = dir.resolve("nobase.conf");
        Files.writeString(f, "grid { name = x, experiment = missing.conf }\n");
        ConfigError missing = assertThrows(ConfigError.class, () -> GridSpec.parse(f));
        assertTrue(missing.getMessage().contains("missing.conf"), missing.getMessage());
    }
}
