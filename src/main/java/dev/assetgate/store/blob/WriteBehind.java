package dev.assetgate.store.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Future;

/**
 * Writes a large blob's pages to disk on a background thread while the rest of it still arrives, so
 * the fsync before the answer waits for the last few megabytes instead of the whole file. (The kernel
 * would start on its own only past its dirty-memory threshold, gigabytes on a large machine.)
 *
 * <p>A failed flush fails the upload: after a failed fsync Linux may drop the pages and report the
 * next fsync clean, so the final {@code force} cannot be trusted to notice.
 */
final class WriteBehind implements AutoCloseable {
    /**
     * Bytes written before a background flush starts (and none starts while one runs). 4 MiB leaves
     * less for the final fsync than 16 did: 256 MB PUTs 770 -> 814 MB/s interleaved; 1 MiB was no faster.
     */
    static final long EVERY = 4L << 20;
    private final FileChannel channel;
    private long unflushed;
    private Future<Void> flushing;

    WriteBehind(FileChannel channel) {
        this.channel = channel;
    }

    /** Counts bytes just written; starts a flush once enough have piled up and none is running. */
    void wrote(int bytes) throws IOException {
        unflushed += bytes;
        if (unflushed >= EVERY && (flushing == null || flushing.isDone())) {
            awaitFlush(); // reports the last one's failure
            unflushed = 0;
            flushing = BlobThreads.submit(() -> {
                channel.force(false);
                return null;
            });
        }
    }

    /** Waits for the flush in progress, if any: before the final fsync, and before the channel closes. */
    @Override
    public void close() throws IOException {
        awaitFlush();
    }

    private void awaitFlush() throws IOException {
        if (flushing == null) return;
        try {
            BlobThreads.await(flushing, "flushing a blob"); // the flush must end before the channel may close
        } finally {
            flushing = null;
        }
    }
}
