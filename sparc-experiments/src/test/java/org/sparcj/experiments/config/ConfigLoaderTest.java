package org.sparcj.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.data.StreamInfo;
import org.sparcj.model.SparcConfig;
import org.sparcj.model.TopKMode;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultsAreTheOfficialOnes() {
        SparcConfig m = ExperimentConfig.of(loader.load(null, List.of())).model(List.of(new StreamInfo("a", 4)));
        SparcConfig official = SparcConfig.defaults(List.of(new StreamInfo("a", 4)));
        assertEquals(official, m);
    }

    @Test
    void experimentFileOverridesDefaultsAndCommandLineWins() throws IOException {
        Path f = write("exp.conf", "sparc {\n  model { k = 8, latent_size = 64, topk = LOCAL }\n}\n");
        ExperimentConfig c = ExperimentConfig.of(loader.load(f, List.of("model.k=16", "sparc.model.lambda=0.5")));
        SparcConfig m = c.model(List.of(new StreamInfo("a", 4)));
        assertEquals(16, m.k());
        assertEquals(64, m.latentSize());
        assertEquals(TopKMode.LOCAL, m.topK());
        assertEquals(0.5, m.lambda());
        assertEquals(0.03125, m.alpha());
    }

    @Test
    void unknownKeyNamesKeyAndFileAndLine() throws IOException {
        Path f = write("typo.conf", "sparc {\n  model {\n    k = 8\n    lamda = 2\n  }\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> loader.load(f, List.of()));
        assertTrue(e.getMessage().contains("sparc.model.lamda"), e.getMessage());
        assertTrue(e.getMessage().contains("typo.conf: 4"), e.getMessage());
        assertTrue(e.getMessage().contains("lambda"), "suggests the known keys: " + e.getMessage());
    }

    @Test
    void unknownKeyFromCommandLineIsNamed() {
        ConfigError e = assertThrows(ConfigError.class, () -> loader.load(null, List.of("model.kk=3")));
        assertTrue(e.getMessage().contains("sparc.model.kk"), e.getMessage());
        assertTrue(e.getMessage().contains("command-line override 'model.kk=3'"), e.getMessage());
    }

    @Test
    void keysOutsideSparcAreRejected() throws IOException {
        Path f = write("flat.conf", "model { k = 8 }\n");
        ConfigError e = assertThrows(ConfigError.class, () -> loader.load(f, List.of()));
        assertTrue(e.getMessage().contains("'model'") && e.getMessage().contains("flat.conf: 1"), e.getMessage());
    }

    @Test
    void wrongTypeNamesKeyAndFile() throws IOException {
        Path f = write("types.conf", "sparc {\n  model {\n    k = sixteen\n  }\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ExperimentConfig.of(loader.load(f, List.of())));
        assertTrue(e.getMessage().contains("sparc.model.k"), e.getMessage());
        assertTrue(e.getMessage().contains("types.conf: 3"), e.getMessage());
    }

    @Test
    void objectWhereNumberExpectedIsATypeError() throws IOException {
        Path f = write("obj.conf", "sparc.tracking.metrics_batch { a = 1 }\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ExperimentConfig.of(loader.load(f, List.of())));
        assertTrue(e.getMessage().contains("sparc.tracking.metrics_batch"), e.getMessage());
        assertTrue(e.getMessage().contains("obj.conf: 1"), e.getMessage());
    }

    @Test
    void badEnumAndBadRangeNameKeyAndOrigin() throws IOException {
        Path f = write("bad.conf", "sparc.model {\n  topk = SIDEWAYS\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ExperimentConfig.of(loader.load(f, List.of())));
        assertTrue(e.getMessage().contains("sparc.model.topk") && e.getMessage().contains("bad.conf: 2"), e.getMessage());
        ConfigError r = assertThrows(ConfigError.class,
                () -> ExperimentConfig.of(loader.load(null, List.of("model.latent_size=8", "model.k=9"))));
        assertTrue(r.getMessage().contains("k = 9") && r.getMessage().contains("model.k=9"), r.getMessage());
    }

    @Test
    void overrideValuesParseAsHoconOrAsPlainStrings() {
        Config c = loader.load(null, List.of("data.store.path=/tmp/a//b", "data.synthetic.streams=[{name=a,dim=8},{name=b,dim=4}]",
                "tracking.uri=http://127.0.0.1:5000"));
        assertEquals("/tmp/a//b", c.getString("sparc.data.store.path"));
        assertEquals(4, c.getConfigList("sparc.data.synthetic.streams").get(1).getInt("dim"));
        assertEquals("http://127.0.0.1:5000", c.getString("sparc.tracking.uri"));
        assertThrows(ConfigError.class, () -> loader.load(null, List.of("no-equals-sign")));
    }

    @Test
    void hashIsCanonicalAndIgnoresTrackingAndRunSettings() throws IOException {
        Path a = write("a.conf", "sparc { model { k = 8, lambda = 0 } }\n");
        Path b = write("b.conf", "sparc {\n model.lambda = 0\n model.k = 8\n}\n");
        String ha = ExperimentConfig.of(loader.load(a, List.of())).hash();
        assertEquals(64, ha.length());
        assertEquals(ha, ExperimentConfig.of(loader.load(b, List.of("tracking.experiment=other"))).hash());
        assertNotEquals(ha, ExperimentConfig.of(loader.load(b, List.of("model.seed=1"))).hash());
    }

    @Test
    void trackingUriFallsBackToEnvironmentThenLocalStore() {
        TrackingSettings t = ExperimentConfig.of(loader.load(null, List.of())).tracking();
        assertEquals("http://x:1", t.effectiveUri(java.util.Map.of("MLFLOW_TRACKING_URI", "http://x:1")));
        assertEquals("", t.effectiveUri(java.util.Map.of()));
        TrackingSettings set = ExperimentConfig.of(loader.load(null, List.of("tracking.uri=\"http://y:2\""))).tracking();
        assertEquals("http://y:2", set.effectiveUri(java.util.Map.of("MLFLOW_TRACKING_URI", "http://x:1")));
    }

    @Test
    void storeSourceNeedsAPath() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> ExperimentConfig.of(loader.load(null, List.of("data.source=store"))));
        assertTrue(e.getMessage().contains("sparc.data.store.path"), e.getMessage());
    }
}
