package org.sparcj.model;

/** CONTIGUOUS shuffles the order of contiguous batches each epoch (the official code); SAMPLES shuffles samples. */
public enum BatchOrder { CONTIGUOUS, SAMPLES }
