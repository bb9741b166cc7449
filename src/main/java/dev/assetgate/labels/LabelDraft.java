package dev.assetgate.labels;

/** The writable fields of a label, already validated (see {@link LabelService}). */
public record LabelDraft(String name, String color, String shape, boolean pinned) {}
