package dev.assetgate.store;

import java.time.Instant;

/**
 * An earlier content of a file: its bytes (a blob of their own), kept until the project's retention
 * drops them. {@code createdBy}/{@code replacedBy} are key ids (null when not recorded).
 */
public record FileVersion(
        String uuid,
        String project,
        String fileUuid,
        long size,
        String mime,
        String sha1,
        String blobKey,
        String info,
        Instant createdAt,
        String createdBy,
        Instant replacedAt,
        String replacedBy) {
}
