/**
 * Grids on a Slurm cluster (docs/CLUSTER.md): {@link org.sparcj.experiments.cluster.SlurmGrid}
 * resolves and checks a grid's cells, saves each cell's config as a
 * {@link org.sparcj.experiments.cluster.Submission}, creates the parent run and submits one job
 * array (one task per cell, {@link org.sparcj.experiments.cluster.SlurmScripts}) plus a closing job;
 * each task runs one cell with the grid's locks, checkpoints and tracking, and requeues itself when
 * Slurm stops it.
 */
package org.sparcj.experiments.cluster;
