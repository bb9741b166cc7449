package dev.assetgate.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * Port: the bytes of files. A blob becomes visible only after it is complete and durable; a failed
 * or refused write leaves nothing behind.
 */
public interface BlobStore {

    /**
     * Streams {@code in} into a new blob, computing SHA-1 on the way. Throws {@link BlobTooLargeException}
     * (and keeps nothing) as soon as more than {@code maxBytes} arrive.
     */
    StoredBlob put(String key, InputStream in, long maxBytes) throws IOException;

    /** Opens {@code length} bytes from {@code offset}; length -1 means to the end. */
    InputStream open(String key, long offset, long length) throws IOException;

    void delete(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Every finished blob with the time it became visible (for collecting orphans); unfinished writes are not listed. */
    void list(java.util.function.Consumer<Listed> sink) throws IOException;

    record StoredBlob(String key, long size, String sha1) {}

    record Listed(String key, java.time.Instant modifiedAt) {}

    final class BlobTooLargeException extends IOException {
        public final long limit;

        public BlobTooLargeException(long limit) {
            super("body exceeds " + limit + " bytes");
            this.limit = limit;
        }
    }
}
