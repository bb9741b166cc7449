package dev.assetgate.archives;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the archive tasks in the catalog. State changes are conditional on the state they leave, so
 * a cancel on one node and the end of the build on another cannot both win.
 */
public interface ArchiveStore {

    void insert(ArchiveTask task);

    Optional<ArchiveTask> find(String project, String id);

    /** PENDING → RUNNING; false when the task is no longer pending (cancelled, or gone). */
    boolean start(String id, Instant now, Instant expiresAt);

    /** Records progress of a RUNNING task and pushes its expiry on; false when it is no longer running (cancelled elsewhere). */
    boolean progress(String id, int percent, Instant now, Instant expiresAt);

    /** RUNNING → DONE with the zip's blob; false when it was cancelled or removed meanwhile (the caller drops the blob). */
    boolean finish(String id, String blobKey, long zipBytes, Instant now, Instant expiresAt);

    /** PENDING or RUNNING → FAILED with a reason. */
    void fail(String id, String error, Instant now);

    /**
     * Marks the task CANCELLED whatever its state (except already cancelled) and returns it as it was
     * before, so the caller deletes a finished zip; empty when there is no such task.
     */
    Optional<ArchiveTask> cancel(String project, String id, Instant now);

    void delete(String id);

    /** Tasks whose expiry has passed, oldest first, at most {@code limit}. */
    List<ArchiveTask> expired(Instant now, int limit);
}
