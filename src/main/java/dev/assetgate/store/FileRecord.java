package dev.assetgate.store;

import java.time.Instant;

/** A stored file's catalog row; the bytes live in the blob store under {@code blobKey}. */
public record FileRecord(
        String uuid,
        String project,
        String folderUuid,
        String folderPath,
        String name,
        long size,
        String mime,
        String sha1,
        String blobKey,
        String meta,
        String info,
        String tags,
        Instant createdAt,
        Instant modifiedAt) {

    /** Full path of the file, e.g. "/docs/a.txt". */
    public String path() {
        return ("/".equals(folderPath) ? "" : folderPath) + "/" + name;
    }
}
