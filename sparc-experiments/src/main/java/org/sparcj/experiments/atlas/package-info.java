/**
 * The latent atlas (README, Latent atlas): a static site, opened from file:// without a server or the network,
 * that shows what each latent means. {@link org.sparcj.experiments.atlas.LatentStats} computes per latent its firing rate per stream,
 * activation pattern, concept and purity (sparc-eval's concept assignment), top label, Jaccard and the cosines of
 * its decoder directions, and keeps its top samples; {@link org.sparcj.experiments.atlas.AtlasSite} writes the pages, their
 * script and style (bundled resources) and the data as {@code <script>} files, which file:// pages may load where
 * fetch is blocked.
 */
package org.sparcj.experiments.atlas;
