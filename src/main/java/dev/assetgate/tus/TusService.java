package dev.assetgate.tus;

import dev.assetgate.error.ApiError;
import dev.assetgate.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable uploads (tus 1.0.0) between their creation and their file: each accepted PATCH is a blob
 * of its own in the blob store (so every node reads it: S3 in a cluster), and the upload's offset
 * lives in the catalog, moved only by a compare-and-set, so two PATCHes racing at one offset never
 * both land. When the last byte has arrived the parts are read back in order as one stream, which the
 * caller stores as a file through the normal upload path; then the parts go. An upload that stops
 * expires {@code ttl} after its last progress, and {@link #sweep} (any node) deletes it with its parts.
 * It knows nothing of HTTP or keys: callers have authorised the upload before calling.
 */
public final class TusService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TusService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PAGE = 100;
    /** {project}/_tus/{upload id}/{offset}-{random}, as {@link #append} names parts. */
    private static final java.util.regex.Pattern PART_KEY = java.util.regex.Pattern.compile("[^/]+/_tus/([0-9a-f]{32})/[0-9]+-[0-9a-f]{8}");
    private final TusStore store;
    private final BlobStore blobs;
    private final Clock clock;
    private final Duration ttl;
    private final java.util.concurrent.ScheduledExecutorService sweeper;

    /** {@code sweepEvery}: how often this node deletes expired uploads (null: only when {@link #sweep} is called). */
    public TusService(TusStore store, BlobStore blobs, Clock clock, Duration ttl, Duration sweepEvery) {
        this.store = store;
        this.blobs = blobs;
        this.clock = clock;
        this.ttl = ttl;
        if (sweepEvery == null) {
            this.sweeper = null;
        } else {
            this.sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "assetgate-tus-sweep");
                t.setDaemon(true);
                return t;
            });
            sweeper.scheduleWithFixedDelay(this::sweepQuietly, sweepEvery.toMillis(), sweepEvery.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** A new upload of {@code length} bytes into {@code folder}/{@code name}, already admitted by the caller. */
    public TusUpload create(String project, String owner, String folder, String name, String declaredType, String product, long length) {
        Instant now = clock.instant();
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        TusUpload upload = new TusUpload(HexFormat.of().formatHex(id), project, owner, folder, name, declaredType, product, length, 0,
                null, null, now, now.plus(ttl));
        store.insert(upload);
        return upload;
    }

    /**
     * The upload, if {@code owner} may see it and it has not expired; else the same 404 as for an
     * upload that never was (an upload of another key is not revealed). An expired one is deleted now.
     */
    public TusUpload find(String project, String id, String owner) {
        Optional<TusUpload> found = id.matches("[0-9a-f]{32}") ? store.find(project, id) : Optional.empty();
        if (found.isPresent() && found.get().expired(clock.instant())) {
            delete(found.get());
            found = Optional.empty();
        }
        if (found.isEmpty() || !java.security.MessageDigest.isEqual(bytes(found.get().owner()), bytes(owner))) {
            throw ApiError.UPLOAD_NOT_FOUND.with("no resumable upload " + id + " for this key (it may have expired or been terminated)");
        }
        return found.get();
    }

    /** The answer of a completed upload, for anyone holding its id (the upload id is 128 random bits); empty otherwise. */
    public Optional<String> result(String project, String id) {
        if (!id.matches("[0-9a-f]{32}")) return Optional.empty();
        return store.find(project, id).filter(u -> u.complete() && !u.expired(clock.instant())).map(TusUpload::result);
    }

    /**
     * Appends the bytes of one PATCH at {@code offset}: refused with 409 (nothing kept) when the upload
     * is not at that offset, with 413 when they would go past its length. A body that breaks off keeps
     * nothing: the client resends from the offset HEAD answers.
     */
    public TusUpload append(TusUpload upload, long offset, InputStream body) throws IOException {
        requireAt(upload, offset);
        long room = upload.length() - offset;
        String key = upload.project() + "/_tus/" + upload.id() + "/" + offset + "-" + HexFormat.of().formatHex(randomBytes());
        BlobStore.StoredBlob blob;
        try {
            blob = blobs.put(key, body, room);
        } catch (BlobStore.BlobTooLargeException e) {
            throw ApiError.FILE_TOO_BIG.with("the PATCH goes past the upload's Upload-Length of " + upload.length() + " bytes",
                    "Send at most Upload-Length - Upload-Offset = " + room + " bytes.");
        }
        if (blob.size() == 0) { // nothing arrived: the offset stays
            deleteQuietly(key);
            return upload;
        }
        Instant expires = clock.instant().plus(ttl);
        TusPart part = new TusPart(offset, blob.size(), key);
        if (!store.append(upload.id(), part, expires)) {
            deleteQuietly(key); // another PATCH moved the offset first: this one keeps nothing
            throw offsetMismatch(offset, "another PATCH of this upload arrived first");
        }
        return upload.at(offset + blob.size(), expires);
    }

    /** Takes back the last part of a completion that failed for a reason of the server's, so the client may send it again. */
    public void rewind(TusUpload complete, TusPart last) {
        if (store.rewind(complete.id(), last)) deleteQuietly(last.blobKey());
    }

    /** The parts so far, in order. */
    public List<TusPart> parts(TusUpload upload) {
        return store.parts(upload.id());
    }

    /** The whole upload's bytes, part after part, each opened only when the one before has been read. */
    public InputStream bytes(List<TusPart> parts) {
        Iterator<TusPart> next = parts.iterator();
        return new SequenceInputStream(new java.util.Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return blobs.open(next.next().blobKey(), 0, -1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /** The upload became a file: its answer is kept (for the Companion's {@code json/{id}}) until it expires, its parts go. */
    public void finish(TusUpload upload, List<TusPart> parts, String fileUuid, String result) {
        store.finish(upload.id(), fileUuid, result, clock.instant().plus(ttl));
        parts.forEach(p -> deleteQuietly(p.blobKey()));
    }

    /** Terminates the upload (tus termination, or a completion refused for good): the row, then the parts' blobs. */
    public void delete(TusUpload upload) {
        List<TusPart> parts = store.parts(upload.id());
        store.delete(upload.id());
        parts.forEach(p -> deleteQuietly(p.blobKey()));
    }

    /** Deletes the uploads that expired, with their parts; returns how many. Every node may run it. */
    public int sweep() {
        int deleted = 0;
        List<TusUpload> batch;
        do {
            batch = store.expired(clock.instant(), PAGE);
            for (TusUpload u : batch) {
                delete(u);
                deleted++;
            }
        } while (batch.size() == PAGE);
        if (deleted > 0) LOG.info("deleted {} expired resumable upload(s)", deleted);
        return deleted;
    }

    /**
     * Deletes part blobs older than {@code grace} that no upload records: written by a node that died
     * before its compare-and-set, or left by a delete that lost the blob store. A recorded part, and a
     * part younger than the grace (a PATCH between its blob and its row), is never touched. Returns how
     * many went. Lists the whole store, so it runs with the hourly orphan sweep, not each minute.
     */
    public int sweepStrayParts(Duration grace) throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        java.util.Map<String, List<String>> byUpload = new java.util.HashMap<>();
        blobs.list(b -> {
            java.util.regex.Matcher m = PART_KEY.matcher(b.key());
            if (m.matches() && !b.modifiedAt().isAfter(cutoff)) byUpload.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>()).add(b.key());
        });
        int deleted = 0;
        for (var entry : byUpload.entrySet()) {
            java.util.Set<String> recorded = new java.util.HashSet<>();
            store.parts(entry.getKey()).forEach(p -> recorded.add(p.blobKey()));
            for (String key : entry.getValue()) {
                if (recorded.contains(key)) continue;
                deleteQuietly(key);
                deleted++;
            }
        }
        if (deleted > 0) LOG.info("deleted {} stray resumable upload part(s) older than {}", deleted, grace);
        return deleted;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("resumable upload expiry sweep failed (will retry): {}", e.toString());
        }
    }

    private static void requireAt(TusUpload upload, long offset) {
        if (upload.complete()) throw offsetMismatch(offset, "the upload is already complete");
        if (offset != upload.offset()) throw offsetMismatch(offset, "the upload is at offset " + upload.offset());
    }

    private static RuntimeException offsetMismatch(long offset, String why) {
        return ApiError.UPLOAD_OFFSET_MISMATCH.with("Upload-Offset " + offset + " does not match: " + why,
                "HEAD the upload and send the bytes from the Upload-Offset it answers.");
    }

    private void deleteQuietly(String key) {
        try {
            blobs.delete(key);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the resumable upload part {}: {}", key, e.toString());
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (sweeper != null) sweeper.shutdownNow();
    }
}
