package org.sparcj.model;

/** How latents are selected: each stream on its own (LOCAL) or one shared set from summed logits (GLOBAL). */
public enum TopKMode { LOCAL, GLOBAL }
