package dev.assetgate.labels;

/** Label fields as a client sent them; null means "not given" (defaults on create, unchanged on update). */
public record LabelInput(String name, String color, String shape, Boolean pinned) {}
