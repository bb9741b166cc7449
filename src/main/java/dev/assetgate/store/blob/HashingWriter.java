package dev.assetgate.store.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a large body to its file and hashes it (SHA-1) on a second thread, while the request thread
 * reads the next buffer from the socket. The request thread used to write each buffer itself and leave
 * only the hash to this thread: it then stopped reading the socket for every write (256 MB PUTs went
 * from 684 to 751 MB/s when the write moved here; a third thread, writing apart from hashing, was no
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
    private static final AtomicInteger THREADS = new AtomicInteger();
    // Idle threads end after 60 s; one busy thread per large upload in flight.
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "blob-writer-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final BlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
    private final BlockingQueue<Chunk> full = new LinkedBlockingQueue<>();
    private final Future<byte[]> result;
    private int allocated;
    private boolean ended;

    HashingWriter(FileChannel channel) {
        MessageDigest sha1 = newDigest();
        this.result = WORKERS.submit(() -> {
            try (WriteBehind flush = new WriteBehind(channel)) { // its last flush ends before this thread does
                for (Chunk c = full.take(); c != END; c = full.take()) {
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
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing a blob");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("writing a blob failed", e.getCause());
        }
    }

    /** Lets the thread finish what it holds and waits for it to stop, so the file can be closed and deleted. */
    @Override
    public void close() {
        end();
        boolean interrupted = false;
        while (true) {
            try {
                result.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the thread must be done with the file before the caller closes it
            } catch (ExecutionException e) {
                break; // reported by finish(), or the upload failed anyway
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
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

    /** Runs {@code task} on one of the same background threads (the store overlaps an fsync with hashing). */
    static <T> Future<T> background(Callable<T> task) {
        return WORKERS.submit(task);
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
