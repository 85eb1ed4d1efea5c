/**
 * Configuration: {@link org.sparcj.experiments.config.ConfigLoader} layers every module's
 * reference.conf, an experiment file and key=value overrides, and rejects unknown keys and wrong
 * types naming key and origin; {@link org.sparcj.experiments.config.ExperimentConfig} is the one
 * place that maps the result onto immutable settings (SparcConfig, SyntheticConfig, EvalConfig,
 * tracking, run) and computes the config hash.
 */
package org.sparcj.experiments.config;
