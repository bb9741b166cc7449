package dev.assetgate.edits;

import java.time.Instant;

/**
 * A prepared bulk edit or a CSV import task: which project, what kind, the key that made it (only it
 * may apply or read it), its status, and its body (the prepared edit, or the import's report as JSON).
 */
public record EditTask(String uuid, String project, Kind kind, String owner, String status, String body,
                       Instant createdAt, Instant updatedAt) {
    public enum Kind { BULK, CSV_IMPORT }
}
