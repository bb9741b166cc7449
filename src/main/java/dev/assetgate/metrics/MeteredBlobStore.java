package dev.assetgate.metrics;

import dev.assetgate.store.BlobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The blob store with meters around it: bytes written and read, and the latency of each operation
 * by outcome. A read's latency is the time to open it (its first byte, on S3); its bytes are counted
 * as the caller reads them. Labels name only the store and the operation, never a key.
 */
public final class MeteredBlobStore implements BlobStore, AutoCloseable {
    private final BlobStore store;
    private final MeterRegistry registry;
    private final String kind;
    private final Counter written;
    private final Counter read;

    public MeteredBlobStore(BlobStore store, String kind, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
        this.kind = kind;
        this.written = Counter.builder("assetgate.blobs.written").baseUnit("bytes").tag("store", kind)
                .description("Bytes stored as blobs").register(registry);
        this.read = Counter.builder("assetgate.blobs.read").baseUnit("bytes").tag("store", kind)
                .description("Bytes read from blobs").register(registry);
    }

    /** The store underneath (tests look at it directly). */
    public BlobStore unwrap() {
        return store;
    }

    private interface Operation<T> {
        T run() throws IOException;
    }

    private <T> T timed(String operation, Operation<T> body) throws IOException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = body.run();
            outcome = "ok";
            return result;
        } catch (BlobTooLargeException e) {
            outcome = "too_large";
            throw e;
        } finally {
            Timer.builder("assetgate.blobs.operations").tag("store", kind).tag("operation", operation).tag("outcome", outcome)
                    .description("Blob store operations: put (the whole write), open (until the first byte), delete, exists, list")
                    .serviceLevelObjectives(Buckets.REQUESTS).register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public StoredBlob put(String key, InputStream in, long maxBytes) throws IOException {
        StoredBlob stored = timed("put", () -> store.put(key, in, maxBytes));
        written.increment(stored.size());
        return stored;
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        return new CountingStream(timed("open", () -> store.open(key, offset, length)), read);
    }

    @Override
    public void delete(String key) throws IOException {
        timed("delete", () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public boolean exists(String key) throws IOException {
        return timed("exists", () -> store.exists(key));
    }

    @Override
    public void list(Consumer<Listed> sink) throws IOException {
        timed("list", () -> {
            store.list(sink);
            return null;
        });
    }

    @Override
    public void close() throws Exception {
        if (store instanceof AutoCloseable closeable) closeable.close();
    }

    /** Counts the bytes the caller reads, in the batches it reads them. */
    private static final class CountingStream extends FilterInputStream {
        private final Counter read;

        CountingStream(InputStream in, Counter read) {
            super(in);
            this.read = read;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) read.increment();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) read.increment(n);
            return n;
        }

        @Override
        public long transferTo(java.io.OutputStream out) throws IOException {
            long n = in.transferTo(out); // keeps the store's own fast path (a file channel)
            read.increment(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return in.skip(n);
        }
    }
}
