package org.sparcj.experiments.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sparcj.experiments.run.StopSignal;

/**
 * Ctrl-C during a run: the shutdown hook fires the stop signal (training returns after its current
 * step, a checkpoint is written, the run ends KILLED) and holds the JVM until that is done.
 */
final class CtrlC implements AutoCloseable {
    private static final long GRACE_SECONDS = 120;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    CtrlC(StopSignal stop) {
        hook = new Thread(() -> {
            System.err.println("\nstopping: finishing the current step, writing a checkpoint ...");
            stop.stop();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sparc-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that done is counted down
        }
    }
}
