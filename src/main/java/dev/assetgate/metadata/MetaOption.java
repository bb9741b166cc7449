package dev.assetgate.metadata;

/**
 * One choice of a select field: {@code id} is the internal id ({@code @itm_…@}, never reused),
 * {@code apiSlug} the stable name stored in file and folder meta, {@code label} what people read.
 */
public record MetaOption(String id, String apiSlug, String label, int position) {}
