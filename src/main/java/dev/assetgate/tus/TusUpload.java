package dev.assetgate.tus;

import java.time.Instant;

/**
 * One resumable upload (tus 1.0.0): where its file goes, how long it is, how much of it has arrived.
 * {@code owner} is who may continue it (the creating API key, or the template and subject of the
 * creating SASS key, so a renewed key of the same browser goes on); {@code result} is the answer of the
 * completed upload (null until then); {@code product} the product to set on the file, as JSON, or null.
 */
public record TusUpload(String id, String project, String owner, String folder, String name, String declaredType, String product,
                        long length, long offset, String fileUuid, String result, Instant createdAt, Instant expiresAt) {

    public boolean complete() {
        return result != null;
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    TusUpload at(long newOffset, Instant newExpiry) {
        return new TusUpload(id, project, owner, folder, name, declaredType, product, length, newOffset, fileUuid, result, createdAt, newExpiry);
    }
}
