package org.sparcj.experiments;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module structure as rules over the main classes of all four modules (this module's test
 * classpath holds them all): dependencies point one way, experiments -> eval -> model -> data;
 * packages form no cycle; only the experiments module knows Guice and MLflow; every package
 * says what it is for in a package-info.java.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.sparcj");

    private static final List<String> MODULES = List.of("sparc-data", "sparc-model", "sparc-eval", "sparc-experiments");

    @Test
    void noPackageCycles() {
        slices().matching("org.sparcj.(**)").namingSlices("package org.sparcj.$1")
                .should().beFreeOfCycles()
                .check(MAIN);
    }

    @Test
    void modulesDependOneWayExperimentsEvalModelData() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("experiments").definedBy("org.sparcj.experiments..")
                .layer("eval").definedBy("org.sparcj.eval..")
                .layer("model").definedBy("org.sparcj.model..")
                .layer("data").definedBy("org.sparcj.data..")
                .whereLayer("experiments").mayNotBeAccessedByAnyLayer()
                .whereLayer("eval").mayOnlyBeAccessedByLayers("experiments")
                .whereLayer("model").mayOnlyBeAccessedByLayers("eval", "experiments")
                .whereLayer("data").mayOnlyBeAccessedByLayers("model", "eval", "experiments")
                .check(MAIN);
    }

    @Test
    void onlyExperimentsKnowGuiceAndMlflow() {
        noClasses().that().resideOutsideOfPackage("org.sparcj.experiments..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "org.mlflow..")
                .because("dependency injection and the tracker are wiring of the experiments module")
                .check(MAIN);
    }

    /** From the sources: javac writes a package-info.class only for an annotated package. */
    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path root = repositoryRoot();
        TreeSet<String> missing = new TreeSet<>();
        for (String module : MODULES) {
            Path sources = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).map(Path::getParent).distinct()
                        .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
                        .forEach(dir -> missing.add(sources.relativize(dir).toString().replace('/', '.')
                                + " (" + module + ")"));
            }
        }
        assertEquals(List.of(), List.copyOf(missing), "packages without package-info.java");
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("sparc-data"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no sparc-data module above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
