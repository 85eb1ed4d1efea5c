/**
 * Grids: {@link org.sparcj.experiments.grid.GridSpec} parses a grid file and expands it into named
 * {@link org.sparcj.experiments.grid.GridCell}s (axes x zip groups minus exclusions);
 * {@link org.sparcj.experiments.grid.GridRunner} runs them as child runs of one parent run,
 * skipping finished cells and resuming interrupted ones; each cell under its directory's lock, so
 * several processes can split one grid (docs/RELIABILITY.md).
 */
package org.sparcj.experiments.grid;
