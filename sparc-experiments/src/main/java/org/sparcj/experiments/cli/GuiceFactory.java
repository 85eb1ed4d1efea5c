package org.sparcj.experiments.cli;

import com.google.inject.Injector;
import picocli.CommandLine;

/** Lets Guice construct the commands (their collaborators come in through @Inject constructors); picocli makes the rest. */
final class GuiceFactory implements CommandLine.IFactory {
    private final Injector injector;

    GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (cls.getPackageName().startsWith("org.sparcj.")) return injector.getInstance(cls);
        return CommandLine.defaultFactory().create(cls);
    }
}
