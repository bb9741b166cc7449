package dev.assetgate.store.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes a large body to its file and hashes it (SHA-1) on a second thread, while the request thread
 * reads the next buffer from the socket. The request thread used to write each buffer itself and leave
 * only the hash to this thread: it then stopped reading the socket for every write (256 MB PUTs went
 * from 672 to 711 MB/s when the write moved here; a third thread, writing apart from hashing, was no
 * faster on two cores). Each buffer is hashed right after it is written, while still in the cache.
 * Buffers go round a small fixed pool, so a slow disk or hasher holds the reader back (at most
 * 3.25 MiB per upload) instead of queueing the whole body. Pages are flushed as they pile up
 * ({@link WriteBehind}); a failed write or flush fails the upload.
 *
 * <p>Use: {@link #buffer()}, fill it, {@link #write} it (the caller must not touch it after that);
 * {@link #finish()} for the digest once the body has ended; always {@link #close()}, which returns
 * only when this thread no longer touches the file.
 */
final class HashingWriter implements AutoCloseable {
    static final int BUFFER_SIZE = 1024 * 1024;
    /**
     * The first buffer is smaller: most bodies that need this thread at all end within it, and would
     * not repay a megabyte. Past it, a megabyte per hand-over: waking the thread costs tens of µs on
     * this VM, and 256 KiB buffers left the reader waiting on it (256 MB PUTs: 8–25 % faster).
     */
    private static final int FIRST_BUFFER_SIZE = 256 * 1024;
    private static final int POOL = 4;
    private static final Chunk END = new Chunk(new byte[0], 0);

    private final BlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
    private final BlockingQueue<Chunk> full = new LinkedBlockingQueue<>();
    private final Future<byte[]> result;
    /** Closed before the body ended (too large, the client gone): what is still queued is not written. */
    private volatile boolean abandoned;
    private int allocated;
    private boolean ended;

    HashingWriter(FileChannel channel) {
        MessageDigest sha1 = newDigest();
        this.result = BlobThreads.submit(() -> {
            try (WriteBehind flush = new WriteBehind(channel)) { // its last flush ends before this thread does
                for (Chunk c = full.take(); c != END; c = full.take()) {
                    if (abandoned) continue;
                    FsBlobStore.write(channel, c.bytes, c.length);
                    flush.wrote(c.length);
                    sha1.update(c.bytes, 0, c.length);
                    if (c.bytes.length == BUFFER_SIZE) free.add(c.bytes);
                }
            }
            return sha1.digest();
        });
    }

    /** A buffer to fill (the first is smaller); waits while every pooled buffer is still in use. */
    byte[] buffer() throws IOException {
        if (result.isDone()) failed(); // a failed write: stop reading the body at once
        byte[] b = free.poll();
        if (b != null) return b;
        if (allocated < POOL) {
            return new byte[allocated++ == 0 ? FIRST_BUFFER_SIZE : BUFFER_SIZE];
        }
        try {
            while (true) {
                b = free.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) return b;
                if (result.isDone()) failed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing a blob");
        }
    }

    /** Hands {@code length} bytes of {@code bytes} over to be written and hashed (any array; pool-sized ones are reused). */
    void write(byte[] bytes, int length) {
        full.add(new Chunk(bytes, length));
    }

    /** The SHA-1 of every byte handed over, once all of them are written and their pages flushed. */
    byte[] finish() throws IOException {
        end();
        return BlobThreads.await(result, "writing a blob");
    }

    /** Drops what is still queued unless {@link #finish()} was called, and waits for the thread to stop touching the file. */
    @Override
    public void close() {
        if (!ended) abandoned = true;
        end();
        try {
            BlobThreads.await(result, "writing a blob");
        } catch (IOException reported) {
            // reported by finish() or buffer(), or the upload failed anyway
        }
    }

    private void failed() throws IOException {
        finish(); // throws the thread's failure
        throw new IOException("the blob writer ended before the body did");
    }

    private void end() {
        if (!ended) {
            ended = true;
            full.add(END);
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Chunk(byte[] bytes, int length) {}
}
