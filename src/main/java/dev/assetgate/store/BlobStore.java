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
     * (and keeps nothing) as soon as more than {@code maxBytes} arrive. When {@code in} is a
     * {@link SpooledFile}, a store on the same disk may take the file over instead of copying it.
     */
    StoredBlob put(String key, InputStream in, long maxBytes) throws IOException;

    /** Opens {@code length} bytes from {@code offset}; length -1 means to the end. */
    InputStream open(String key, long offset, long length) throws IOException;

    void delete(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Every finished blob with the time it became visible (for collecting orphans); unfinished writes are not listed. */
    void list(java.util.function.Consumer<Listed> sink) throws IOException;

    record StoredBlob(String key, long size, String sha1) {}

    /**
     * A body the server has already written to a local file (a multipart part Jetty spooled to disk).
     * Read as a stream it is its bytes; a store may instead move the file to a path of its own
     * (a rename on the same file system), after which the stream must not be read.
     */
    abstract class SpooledFile extends InputStream {
        /**
         * Bodies up to this size are small: the server keeps such multipart parts in memory (Jetty's
         * threshold), and a store writes them again rather than taking a file over.
         */
        public static final int SMALL_BYTES = 64 * 1024;
        private InputStream in;

        /** The body's size in bytes. */
        public abstract long size();

        /** Moves (or, across file systems, copies) the bytes to {@code target}, which must not exist. */
        public final void moveTo(java.nio.file.Path target) throws IOException {
            if (in != null) throw new IllegalStateException("the file is already being read");
            move(target);
        }

        protected abstract void move(java.nio.file.Path target) throws IOException;

        /** The bytes as a stream, opened at the first read. */
        protected abstract InputStream open() throws IOException;

        @Override
        public final int read() throws IOException {
            return stream().read();
        }

        @Override
        public final int read(byte[] b, int off, int len) throws IOException {
            return stream().read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (in != null) in.close();
        }

        private InputStream stream() throws IOException {
            if (in == null) in = open();
            return in;
        }
    }

    record Listed(String key, java.time.Instant modifiedAt) {}

    final class BlobTooLargeException extends IOException {
        public final long limit;

        public BlobTooLargeException(long limit) {
            super("body exceeds " + limit + " bytes");
            this.limit = limit;
        }
    }
}
