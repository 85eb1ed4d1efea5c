package org.sparcj.model;

/** SPARSE decodes from the k kept entries (the efficient default); DENSE is the plain masked graph. */
public enum DecodeMode { SPARSE, DENSE }
