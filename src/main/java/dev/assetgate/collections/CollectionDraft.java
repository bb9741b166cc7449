package dev.assetgate.collections;

/** The writable fields of a collection, already validated (see {@link CollectionService}). */
public record CollectionDraft(String title, String type, String visibility, SavedQuery query, String groupby) {}
