/**
 * Comparing the cells of a grid: {@link org.sparcj.experiments.compare.GridComparison} takes
 * grid cells or the child runs of a grid from any tracker and gives a Markdown table
 * ({@code markdownTable}) and a report directory ({@code writeReport}: results.md, PNG plots of
 * each metric against lambda, against k and Local vs Global, and index.html showing them).
 */
package org.sparcj.experiments.compare;
