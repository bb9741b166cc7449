package dev.assetgate.archives;

import java.time.Instant;

/**
 * One ZIP archive being built or built: who asked for it ({@code owner}), how far it is, and where
 * its bytes are once done. Kept in the catalog, so any node of a cluster answers for it.
 */
public record ArchiveTask(
        String id,
        String project,
        String owner,
        Status status,
        int percent,
        long files,
        long bytes,
        String blobKey,
        Long zipBytes,
        String error,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {

    /** The widget polls while PENDING or RUNNING, downloads at DONE. CANCELLED: stopped by its owner, nothing kept. */
    public enum Status { PENDING, RUNNING, DONE, FAILED, CANCELLED }

    public boolean expired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
