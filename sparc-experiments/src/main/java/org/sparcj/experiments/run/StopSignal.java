package org.sparcj.experiments.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Ctrl-C for runs: the CLI's shutdown hook calls {@link #stop}; running trainings registered here
 * get {@code requestStop()}, and cells not yet started do not start.
 */
public final class StopSignal {
    private volatile boolean stopped;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public boolean stopped() {
        return stopped;
    }

    public void stop() {
        stopped = true;
        for (Runnable r : listeners) r.run();
    }

    /** Registers {@code onStop}; runs it at once if already stopped. Returns a handle that unregisters it. */
    public AutoCloseable register(Runnable onStop) {
        listeners.add(onStop);
        if (stopped) onStop.run();
        return () -> listeners.remove(onStop);
    }
}
