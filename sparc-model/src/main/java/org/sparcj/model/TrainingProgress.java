package org.sparcj.model;

/**
 * What a training run reports every {@code log_every} steps (and at its end).
 *
 * @param step          optimiser steps taken so far (global, survives resume)
 * @param totalSteps    steps the run will take in all
 * @param epoch         current epoch, 0-based
 * @param loss          total loss of the last step
 * @param selfLoss      mean self-reconstruction NMSE of the last step
 * @param crossLoss     mean cross-reconstruction NMSE of the last step (0 with one stream)
 * @param auxLoss       mean AuxK loss of the last step (0 when no latent is dead)
 * @param deadFraction  per stream, the fraction of latents currently dead
 * @param skippedBatches batches skipped so far for a NaN or infinite loss
 */
public record TrainingProgress(long step, long totalSteps, int epoch, double loss, double selfLoss,
                               double crossLoss, double auxLoss, double[] deadFraction, long skippedBatches) {
}
