package dev.assetgate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the earlier versions of files. Each change is one transaction: a restore swaps a version
 * and the current content of its file, the retention drops what it no longer keeps, and both answer
 * the blob keys they let go (the caller deletes those blobs once nothing refers to them).
 */
public interface FileVersions {

    /** The file's earlier versions, the most recently replaced first. */
    List<FileVersion> of(String project, String fileUuid);

    Optional<FileVersion> find(String project, String versionUuid);

    /** The file after a restore, and the blobs the retention let go. */
    record Restored(FileRecord file, FileVersion archived, List<String> freedBlobKeys) {}

    /**
     * Makes the version the file's current content; the content it replaces becomes a version
     * ({@code actor} replaced it). VERSION_NOT_FOUND when the version is gone (restored or dropped
     * meanwhile, or its file deleted).
     */
    Restored restore(String project, String versionUuid, String actor, StorageSettings retention);

    /** Drops versions the age limits of the projects' settings no longer keep; returns their blob keys. */
    List<String> expire(Instant now);
}
