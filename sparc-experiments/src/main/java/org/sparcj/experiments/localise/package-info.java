/**
 * Text-guided spatial localisation from patch features (docs/LOCALISATION.md): heatmaps of each
 * patch's contribution to a query's latents in a vision stream's encoder, their PNG overlays, and
 * the synthetic localisation benchmark's metrics.
 */
package org.sparcj.experiments.localise;
