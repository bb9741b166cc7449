package dev.assetgate.store;

import java.util.List;

/** One page of a listing plus the totals of the whole result. */
public record Page<T>(List<T> items, long total, long totalBytes) {}
