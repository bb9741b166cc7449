package dev.assetgate.collections;

import java.time.Instant;

/**
 * A collection: a titled saved query of a project. {@code type} and {@code visibility} are kept and
 * echoed for clients; {@code groupby} is the client's grouping of the collection (a JSON array),
 * stored as given.
 */
public record Collection(
        String uuid,
        String project,
        String title,
        String type,
        String visibility,
        SavedQuery query,
        String groupby,
        Instant createdAt,
        Instant updatedAt) {}
