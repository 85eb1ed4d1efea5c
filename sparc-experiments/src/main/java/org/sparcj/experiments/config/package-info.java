/**
 * Configuration: {@link org.sparcj.experiments.config.ConfigLoader} layers every module's
 * reference.conf, an experiment file and key=value overrides, and rejects unknown keys and wrong
 * types naming key and origin; {@link org.sparcj.experiments.config.ExperimentConfig} binds each
 * section onto its settings record with the generic binder of {@code org.sparcj.data.settings}
 * ({@code ExperimentConfig.SECTIONS} lists which record declares which section), and
 * {@link org.sparcj.experiments.config.ConfigHash} computes the experiment hash under its stability rule.
 */
package org.sparcj.experiments.config;
