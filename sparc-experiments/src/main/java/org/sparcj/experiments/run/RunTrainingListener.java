package org.sparcj.experiments.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sparcj.data.StreamInfo;
import org.sparcj.experiments.tracking.MetricPoint;
import org.sparcj.experiments.tracking.TrackedRun;
import org.sparcj.model.TrainingListener;
import org.sparcj.model.TrainingProgress;

/**
 * Hooks a run into training: draws the progress bar (steps, ETA, current loss), buffers per-step
 * metrics and sends them to the tracked run in batches, and triggers a checkpoint every
 * {@code checkpointEvery} steps, flushing the buffer first: after a crash the tracker then has every
 * step up to the checkpoint the resume starts from, and steps it already has ({@code loggedThrough})
 * are not sent again. Batches skipped for a NaN or infinite loss are printed and kept.
 */
final class RunTrainingListener implements TrainingListener, AutoCloseable {
    private final TrackedRun run;
    private final List<StreamInfo> streams;
    private final int batchSize;
    private final long checkpointEvery;
    private final LongConsumer checkpoint;
    private final String label;
    private final boolean showBar;
    private final long loggedThrough;
    private final List<MetricPoint> buffer = new ArrayList<>();
    private final List<SkippedBatch> skipped = new ArrayList<>();
    private ProgressBar bar;
    private long lastCheckpointStep;
    private TrainingProgress last;

    RunTrainingListener(TrackedRun run, List<StreamInfo> streams, int batchSize, long checkpointEvery,
                        LongConsumer checkpoint, String label, boolean showBar, long startStep, long loggedThrough) {
        this.loggedThrough = loggedThrough;
        this.lastCheckpointStep = startStep;
        this.run = run;
        this.streams = streams;
        this.batchSize = batchSize;
        this.checkpointEvery = checkpointEvery;
        this.checkpoint = checkpoint;
        this.label = label;
        this.showBar = showBar;
    }

    /** A batch skipped for a NaN or infinite loss: the steps done before it, its position, its dataset rows. */
    record SkippedBatch(long step, long batch, long[] rows) {
        String describe() {
            StringBuilder sb = new StringBuilder("step " + step + " (batch " + batch + "): rows ");
            for (int i = 0; i < rows.length && i < 20; i++) sb.append(i == 0 ? "" : ",").append(rows[i]);
            return sb.append(rows.length > 20 ? ",... (" + rows.length + " rows)" : "").toString();
        }
    }

    @Override
    public void onSkippedBatch(long step, long batch, long[] rows) {
        SkippedBatch b = new SkippedBatch(step, batch, rows.clone());
        skipped.add(b);
        System.err.println(label + ": skipped a batch with a NaN or infinite loss at " + b.describe());
    }

    @Override
    public void onProgress(TrainingProgress p) {
        last = p;
        // Steps logged before a crash are recomputed identically by the resume: send them once only.
        if (p.step() > loggedThrough) {
            long now = System.currentTimeMillis();
            buffer.add(new MetricPoint("train.loss", p.loss(), p.step(), now));
            buffer.add(new MetricPoint("train.self_loss", p.selfLoss(), p.step(), now));
            buffer.add(new MetricPoint("train.cross_loss", p.crossLoss(), p.step(), now));
            buffer.add(new MetricPoint("train.aux_loss", p.auxLoss(), p.step(), now));
            buffer.add(new MetricPoint("train.skipped_batches", p.skippedBatches(), p.step(), now));
            double[] dead = p.deadFraction();
            for (int s = 0; dead != null && s < dead.length && s < streams.size(); s++)
                buffer.add(new MetricPoint("train.dead_fraction." + streams.get(s).name(), dead[s], p.step(), now));
        }
        if (buffer.size() >= batchSize) flush();
        if (showBar) {
            if (bar == null)
                bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(p.totalSteps())
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setMaxRenderedLength(120)
                        .setUnit(" steps", 1).showSpeed().build();
            bar.maxHint(p.totalSteps());
            bar.stepTo(p.step());
            // The bar prints its speed and this message with nothing between them.
            bar.setExtraMessage(String.format(java.util.Locale.ROOT, ", loss %.4f", p.loss()));
        }
        if (checkpointEvery > 0 && p.step() > 0 && p.step() / checkpointEvery > lastCheckpointStep / checkpointEvery
                && p.step() < p.totalSteps()) {
            flush();
            checkpoint.accept(p.step());
            lastCheckpointStep = p.step();
        }
    }

    /** The last progress seen, or null. */
    TrainingProgress last() {
        return last;
    }

    /** The batches skipped so far. */
    List<SkippedBatch> skipped() {
        return List.copyOf(skipped);
    }

    void flush() {
        if (buffer.isEmpty()) return;
        run.logMetrics(List.copyOf(buffer));
        buffer.clear();
    }

    @Override
    public void close() {
        flush();
        if (bar != null) bar.close();
    }
}
