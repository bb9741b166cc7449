package dev.assetgate.store;

import java.time.Instant;

/**
 * A stored file's catalog row; the bytes live in the blob store under {@code blobKey}.
 * {@code uploadedBy}: the subject of the per-user SASS key that uploaded it, or null.
 */
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
        Instant modifiedAt,
        String uploadedBy) {

    public FileRecord(String uuid, String project, String folderUuid, String folderPath, String name, long size, String mime, String sha1,
                      String blobKey, String meta, String info, String tags, Instant createdAt, Instant modifiedAt) {
        this(uuid, project, folderUuid, folderPath, name, size, mime, sha1, blobKey, meta, info, tags, createdAt, modifiedAt, null);
    }

    /** Full path of the file, e.g. "/docs/a.txt". */
    public String path() {
        return ("/".equals(folderPath) ? "" : folderPath) + "/" + name;
    }
}
