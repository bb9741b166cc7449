package dev.assetgate.labels;

import java.time.Instant;

/**
 * A label of a project: a named, coloured marker that files carry. {@code sid} ("#lb…") is what file
 * objects list and what {@code labels:} searches name; {@code uuid} is what the label routes take.
 */
public record Label(
        String uuid,
        String project,
        String sid,
        String name,
        String color,
        String shape,
        boolean pinned,
        Instant createdAt,
        Instant updatedAt) {

    /** The sid a label id would be: "#lb…" as is, "lb…" with its '#' (sids are lower case). */
    public static String sidOf(String id) {
        String lower = id.trim().toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("#") ? lower : "#" + lower;
    }
}
