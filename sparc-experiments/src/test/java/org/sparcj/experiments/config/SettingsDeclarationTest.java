package org.sparcj.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.sparcj.data.settings.Settings;
import org.sparcj.experiments.grid.GridCell;
import org.sparcj.experiments.grid.GridSpec;

/** Each setting is declared once: a record component and its reference.conf line, nothing else. */
class SettingsDeclarationTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void everyReferenceKeyIsOneRecordComponentAndTheReverse() {
        Config reference = loader.reference();
        Set<String> declared = new TreeSet<>();
        for (Map.Entry<String, Class<? extends Record>> s : ExperimentConfig.SECTIONS.entrySet())
            for (Settings.Field f : Settings.schema(s.getValue()))
                if (!f.supplied()) assertTrue(declared.add(s.getKey() + "." + f.key()), "declared twice: " + f.key());
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : reference.getConfig(ConfigLoader.ROOT).entrySet())
            keys.add(ConfigLoader.ROOT + "." + e.getKey());
        Set<String> noComponent = new TreeSet<>(keys);
        noComponent.removeAll(declared);
        Set<String> noKey = new TreeSet<>(declared);
        noKey.removeAll(keys);
        assertEquals(Set.of(), noComponent, "reference.conf keys without a record component");
        assertEquals(Set.of(), noKey, "record components without a reference.conf line");
        // Same type: the defaults bind (a wrong type fails naming the key), and each default reads back
        // unchanged from the bound record.
        ExperimentConfig defaults = ExperimentConfig.of(loader.load(null, List.of()));
        Config bound = ConfigFactory.empty()
                .withFallback(Settings.toConfig(defaults.data()).atPath("sparc.data"))
                .withFallback(Settings.toConfig(defaults.eval()).atPath("sparc.eval"))
                .withFallback(Settings.toConfig(defaults.tracking()).atPath("sparc.tracking"))
                .withFallback(Settings.toConfig(defaults.run()).atPath("sparc.run"))
                .withFallback(Settings.toConfig(defaults.model(List.of(new org.sparcj.data.StreamInfo("a", 1))))
                        .withoutPath("streams").atPath("sparc.model"));
        for (String key : declared)
            assertEquals(normal(reference.getValue(key).unwrapped()), normal(bound.getValue(key).unwrapped()), key);
    }

    @Test
    void aWrongTypeOrInvalidValueNamesTheFullKeyAndWhereItWasSet() throws IOException {
        Path f = Files.createTempFile("bad", ".conf");
        Files.writeString(f, "sparc {\n  eval {\n    purity_threshold = 2\n  }\n}\n");
        ConfigError e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                () -> ExperimentConfig.of(loader.load(f, List.of())));
        assertTrue(e.getMessage().contains("sparc.eval.purity_threshold = 2") && e.getMessage().contains(f.getFileName() + ": 3"),
                e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                () -> ExperimentConfig.of(loader.load(null, List.of("data.synthetic.streams=[{name = a, dim = many}]"))));
        assertTrue(e.getMessage().contains("sparc.data.synthetic.streams[0].dim"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                () -> ExperimentConfig.of(loader.load(null, List.of("model.topk=diagonal"))));
        assertTrue(e.getMessage().contains("sparc.model.topk = diagonal") && e.getMessage().contains("[LOCAL, GLOBAL]"),
                e.getMessage());
        Files.delete(f);
    }

    /** The hashes recorded before settings were bound generically (config-hashes-v1.tsv) still come out. */
    @Test
    void shippedExperimentAndGridCellHashesAreUnchanged() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : resource("/config-hashes-v1.tsv")) {
            String[] f = line.split("\t");
            Path file = ROOT.resolve(f[0]);
            String hash;
            if (f[1].equals("-")) {
                hash = ExperimentConfig.of(loader.load(file, List.of())).hash();
            } else {
                // The grid names its experiment relative to the repository root; tests run in the module.
                Path copy = Files.createTempFile("grid", ".conf");
                Files.writeString(copy, Files.readString(file).replace("\"conf/", "\"" + ROOT + "/conf/"));
                GridSpec spec = GridSpec.parse(copy);
                Files.delete(copy);
                Config base = loader.parseExperiment(spec.experiment());
                GridCell cell = spec.cells().stream().filter(c -> c.name().equals(f[1])).findFirst().orElseThrow();
                hash = ExperimentConfig.of(loader.resolve(List.of(base, cell.asConfig()))).hash();
            }
            if (!hash.equals(f[2])) mismatches.add(line + " now " + hash);
            checked++;
        }
        assertTrue(checked >= 80, "checked " + checked);
        assertEquals(List.of(), mismatches);
    }

    /** The rule for settings added later: at their default they leave the hash alone; set, they change it. */
    @Test
    void anOptInSettingAtItsDefaultLeavesTheHashAlone() {
        Config reference = loader.reference();
        Config resolved = loader.load(null, List.of());
        String before = ConfigHash.ofResults(resolved, reference);
        Config refPlus = reference.withValue("sparc.model.future_opt_in", ConfigValueFactory.fromAnyRef(0));
        Config atDefault = resolved.withValue("sparc.model.future_opt_in", ConfigValueFactory.fromAnyRef(0));
        Config set = resolved.withValue("sparc.model.future_opt_in", ConfigValueFactory.fromAnyRef(3));
        assertEquals(before, ConfigHash.ofResults(atDefault, refPlus));
        assertNotEquals(before, ConfigHash.ofResults(set, refPlus));
        // A key of the v1 set counts even at its default, as it always did.
        assertNotEquals(before, ConfigHash.ofResults(resolved.withoutPath("sparc.model.k"), reference));
    }

    /** docs/CLI.md's key table is ConfigKeys' output; -DregenerateDocs=true rewrites it. */
    @Test
    void cliDocKeyTableIsGenerated() throws IOException {
        Path doc = ROOT.resolve("docs/CLI.md");
        String text = Files.readString(doc);
        String begin = "<!-- keys:begin -->\n", end = "<!-- keys:end -->";
        int a = text.indexOf(begin), b = text.indexOf(end);
        assertTrue(a >= 0 && b > a, "docs/CLI.md needs the markers " + begin.trim() + " and " + end);
        for (ConfigKeys.Row r : ConfigKeys.rows(loader.reference()))
            assertTrue(!r.comment().isEmpty(), r.key() + " has no comment line in its reference.conf");
        String want = ConfigKeys.markdown(loader.reference());
        String have = text.substring(a + begin.length(), b);
        if (Boolean.getBoolean("regenerateDocs")) {
            Files.writeString(doc, text.substring(0, a + begin.length()) + want + text.substring(b));
            return;
        }
        if (!want.equals(have))
            fail("docs/CLI.md's key table is stale: run mvn -pl sparc-experiments test "
                    + "-Dtest=SettingsDeclarationTest -DregenerateDocs=true");
    }

    private static Object normal(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) return s.isEmpty() ? "" : s.toUpperCase(java.util.Locale.ROOT);
        if (v instanceof List<?> l) return l.stream().map(SettingsDeclarationTest::normal).toList();
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.TreeMap<>();
            m.forEach((k, x) -> out.put(k, normal(x)));
            return out;
        }
        return v;
    }

    private static List<String> resource(String name) throws IOException {
        try (InputStream in = SettingsDeclarationTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
