package dev.assetgate.tus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: resumable uploads and their parts, in the catalog every node reads (tables tus_uploads, tus_parts, V36). */
public interface TusStore {
    void insert(TusUpload upload);

    Optional<TusUpload> find(String project, String id);

    /**
     * Records {@code part} and moves the upload's offset from {@code part.offset()} to its end, in one
     * transaction, only if the offset is still {@code part.offset()} and the upload is not complete (a
     * compare-and-set: of two PATCHes at one offset, one wins). False when it was not.
     */
    boolean append(String id, TusPart part, Instant expiresAt);

    /** Takes back the part at {@code offset} (the last one) and moves the offset back to it; false when it moved meanwhile. */
    boolean rewind(String id, TusPart part);

    /** The parts in offset order. */
    List<TusPart> parts(String id);

    /** The upload is complete: its parts are forgotten (their blobs are the caller's to delete), its answer kept until {@code expiresAt}. */
    void finish(String id, String fileUuid, String result, Instant expiresAt);

    /** Deletes the upload and its parts' rows. */
    void delete(String id);

    /** Uploads whose expiry has passed, oldest first. */
    List<TusUpload> expired(Instant now, int limit);
}
