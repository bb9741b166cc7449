package dev.assetgate.store.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A blob's bytes from the channel's position, at most {@code remaining} of them. Handed to an output
 * stream that is also a {@link WritableByteChannel} (the HTTP response), a large blob is mapped and
 * the mapping handed over whole: the socket write copies from the page cache, where a stream would
 * copy each 8 KiB through two heap buffers (a 256 MB download took 90 instead of 140 ms of CPU, at
 * 2,500 instead of 1,700 MB/s). Blobs are never written in place, so a mapping never sees its file
 * change.
 */
final class FileBlobStream extends InputStream {
    /** Below this a read into the heap costs less than a mapping (its syscalls, faults and unmapping). */
    private static final int MAPPED_AT_LEAST = 256 * 1024;
    /** Reads into the heap, for smaller blobs and for outputs that take arrays only. */
    private static final int HEAP_BUFFER = 64 * 1024;
    /**
     * A mapping is at most this long (a mapped buffer is indexed by int). Shorter ones cost more than
     * they bound: a 256 MB blob in windows of 64 MiB, each unmapped once sent, went at 2,100 MB/s
     * against 2,388 in one window left to the collector; in one window unmapped once sent, at 2,479
     * against 2,500.
     */
    private static final long MAPPED_WINDOW = 1L << 30;
    private static final MethodHandle UNMAP = unmapper();
    private final FileChannel channel;
    private long remaining;

    FileBlobStream(FileChannel channel, long remaining) {
        this.channel = channel;
        this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) return -1;
        if (len == 0) return 0;
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)));
        if (n < 0) {
            remaining = 0;
            return -1;
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = Math.max(0, Math.min(n, remaining));
        channel.position(channel.position() + skipped);
        remaining -= skipped;
        return skipped;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        if (out instanceof WritableByteChannel target && remaining >= MAPPED_AT_LEAST) return transferMapped(target);
        long sent = 0;
        byte[] buffer = new byte[(int) Math.min(remaining, HEAP_BUFFER)];
        for (int n; (n = read(buffer, 0, buffer.length)) > 0; sent += n) {
            out.write(buffer, 0, n);
        }
        return sent;
    }

    private long transferMapped(WritableByteChannel target) throws IOException {
        long position = channel.position();
        long end = Math.min(position + remaining, channel.size());
        long start = position;
        while (position < end) {
            long window = Math.min(end - position, MAPPED_WINDOW);
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, window);
            while (mapped.hasRemaining()) target.write(mapped);
            unmap(mapped);
            position += window;
        }
        channel.position(position);
        remaining = 0; // all sent, or the blob is shorter than asked and has no more
        return position - start;
    }

    /**
     * Unmaps a window that was written whole, so a deleted blob's disk space and the process's map
     * count do not wait for a garbage collection (an old one, for a slow download). A channel's write
     * keeps no hold on the buffer once it returns; one that failed may, so its window is left to the
     * collector. The same call as Lucene's MMapDirectory made; without it, the collector unmaps.
     */
    private static void unmap(ByteBuffer mapped) {
        if (UNMAP == null) return;
        try {
            UNMAP.invokeExact(mapped);
        } catch (Throwable leftToTheCollector) {
            // never expected for a mapped buffer; the collector unmaps it as before
        }
    }

    private static MethodHandle unmapper() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(field.get(null));
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
