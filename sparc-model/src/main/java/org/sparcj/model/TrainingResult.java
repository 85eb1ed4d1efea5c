package org.sparcj.model;

/**
 * How a call to {@link SparcModel#train} ended.
 *
 * @param steps          optimiser steps taken in total (survives resume)
 * @param batches        batches consumed in total, skipped ones included
 * @param skippedBatches batches skipped for a NaN or infinite loss
 * @param completed      true when every configured epoch is done (false after a stop request or a step limit)
 * @param last           the last progress report, null when no step ran
 * @param seconds        wall time of this call
 */
public record TrainingResult(long steps, long batches, long skippedBatches, boolean completed,
                             TrainingProgress last, double seconds) {
}
