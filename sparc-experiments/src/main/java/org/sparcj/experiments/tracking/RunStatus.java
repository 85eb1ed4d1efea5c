package org.sparcj.experiments.tracking;

/** Terminal and live states, named as MLflow names them. */
public enum RunStatus { RUNNING, FINISHED, FAILED, KILLED }
