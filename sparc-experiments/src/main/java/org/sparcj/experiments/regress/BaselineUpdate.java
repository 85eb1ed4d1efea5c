package org.sparcj.experiments.regress;

/** The result of {@code --update-baseline}: the new baseline and a human-readable diff against the old one. */
public record BaselineUpdate(Baseline baseline, String diff) {
}
