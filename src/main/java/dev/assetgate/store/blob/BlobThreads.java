package dev.assetgate.store.blob;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** The file store's background threads (writing and hashing large bodies, flushing them), and waiting for them. */
final class BlobThreads {
    private static final AtomicInteger COUNT = new AtomicInteger();
    // Idle threads end after 60 s; one or two busy ones per large upload in flight.
    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "blob-writer-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private BlobThreads() {}

    static <T> Future<T> submit(Callable<T> task) {
        return POOL.submit(task);
    }

    /**
     * Waits for {@code task} to end, through interrupts, which are passed on afterwards: the task
     * touches a file the caller is about to close or publish. Its failure comes out as an IOException.
     */
    static <T> T await(Future<T> task, String what) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(what + " failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
