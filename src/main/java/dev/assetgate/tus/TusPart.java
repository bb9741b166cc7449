package dev.assetgate.tus;

/** The bytes of one accepted PATCH: {@code length} bytes from {@code offset}, in the blob {@code blobKey}. */
public record TusPart(long offset, long length, String blobKey) {}
