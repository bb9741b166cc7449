package dev.assetgate.assets;

/** The most bytes one file may have, and the rule that says so (named in the 413 refusal). */
public record UploadLimit(long bytes, String rule) {}
