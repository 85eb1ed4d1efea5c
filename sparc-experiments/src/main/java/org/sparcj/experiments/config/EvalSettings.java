package org.sparcj.experiments.config;

import com.typesafe.config.Config;

/**
 * Evaluation settings ({@code sparc.eval}). The one place that maps them onto the eval module's
 * config.
 *
 * @param enabled false skips evaluation
 * @param section the {@code sparc.eval} subtree, validated against the defaults
 */
public record EvalSettings(boolean enabled, Config section) {
}
