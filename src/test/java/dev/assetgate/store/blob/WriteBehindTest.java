package dev.assetgate.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background flushes of a large blob: a failed one fails the upload (Linux may report the next
 * fsync clean after dropping the pages), and the channel is never closed under a running one. The
 * failures come from a channel whose {@code force} fails or blocks on demand: a real disk cannot be
 * made to fail an fdatasync here.
 */
class WriteBehindTest {
    @TempDir
    Path dir;

    @Test
    void aFailedBackgroundFlushFailsTheUploadAtTheEnd() throws Exception {
        try (ScriptedChannel channel = channel()) {
            channel.failing = true;
            WriteBehind flush = new WriteBehind(channel);
            flush.wrote((int) WriteBehind.EVERY);
            assertThatThrownBy(flush::close).isInstanceOf(IOException.class).hasMessageContaining("disk said no");
            assertThat(channel.forces.get()).isEqualTo(1);
        }
    }

    @Test
    void aFailedBackgroundFlushFailsTheNextWriteThatWouldStartAnother() throws Exception {
        try (ScriptedChannel channel = channel()) {
            channel.failing = true;
            WriteBehind flush = flushing(channel);
            assertThatThrownBy(() -> flush.wrote((int) WriteBehind.EVERY)).isInstanceOf(IOException.class)
                    .hasMessageContaining("disk said no");
        }
    }

    @Test
    void noSecondFlushStartsWhileOneRunsAndCloseWaitsForIt() throws Exception {
        try (ScriptedChannel channel = channel()) {
            channel.blocking = new CountDownLatch(1);
            WriteBehind flush = flushing(channel);
            flush.wrote((int) WriteBehind.EVERY); // the first flush still runs: none more

            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                try {
                    flush.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(100);
            assertThat(closing).as("close returned under a running flush").isNotDone();
            channel.blocking.countDown();
            closing.get(5, TimeUnit.SECONDS);
            assertThat(channel.forces.get()).isEqualTo(1);
        }
    }

    @Test
    void anInterruptedCloseStillWaitsForTheFlushAndKeepsTheInterrupt() throws Exception {
        try (ScriptedChannel channel = channel()) {
            channel.blocking = new CountDownLatch(1);
            WriteBehind flush = flushing(channel);

            CompletableFuture<Boolean> keptInterrupt = new CompletableFuture<>();
            Thread closer = new Thread(() -> {
                try {
                    flush.close();
                    keptInterrupt.complete(Thread.currentThread().isInterrupted());
                } catch (Throwable e) {
                    keptInterrupt.completeExceptionally(e);
                }
            });
            closer.start();
            closer.interrupt();
            Thread.sleep(100);
            assertThat(keptInterrupt).as("close returned under a running flush").isNotDone();
            channel.blocking.countDown();
            assertThat(keptInterrupt.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void writesBelowTheThresholdStartNoFlush() throws Exception {
        try (ScriptedChannel channel = channel()) {
            WriteBehind flush = new WriteBehind(channel);
            flush.wrote((int) WriteBehind.EVERY - 1);
            flush.close();
            assertThat(channel.forces.get()).isZero();
        }
    }

    /** A WriteBehind whose first background flush has started. */
    private static WriteBehind flushing(ScriptedChannel channel) throws Exception {
        WriteBehind flush = new WriteBehind(channel);
        flush.wrote((int) WriteBehind.EVERY);
        channel.awaitForces(1);
        return flush;
    }

    static ScriptedChannel channel(Path dir) throws IOException {
        return new ScriptedChannel(FileChannel.open(dir.resolve("blob.part"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    private ScriptedChannel channel() throws IOException {
        return channel(dir);
    }

    /** A real file channel whose {@code force} (or {@code write}) can fail, or block until released. */
    static final class ScriptedChannel extends FileChannel {
        final FileChannel real;
        final AtomicInteger forces = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        volatile boolean failing;
        volatile CountDownLatch blocking;
        volatile boolean failingWrites;
        volatile CountDownLatch blockingWrites;

        ScriptedChannel(FileChannel real) {
            this.real = real;
        }

        void awaitForces(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (forces.get() < n && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(forces.get()).as("background flushes started").isGreaterThanOrEqualTo(n);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forces.incrementAndGet();
            released(blocking);
            if (failing) throw new IOException("disk said no");
            real.force(metaData);
        }

        /** Waits until {@code latch}, if set, is released. */
        private static void released(CountDownLatch latch) throws IOException {
            if (latch == null) return;
            try {
                latch.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }
        @Override
        public int write(ByteBuffer src) throws IOException {
            writes.incrementAndGet();
            released(blockingWrites);
            if (failingWrites) throw new IOException("no space left on device");
            return real.write(src);
        }

        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { return real.write(srcs, offset, length); }
        @Override public long position() throws IOException { return real.position(); }
        @Override public FileChannel position(long newPosition) throws IOException { real.position(newPosition); return this; }
        @Override public long size() throws IOException { return real.size(); }
        @Override public FileChannel truncate(long size) throws IOException { real.truncate(size); return this; }
        @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return real.transferTo(position, count, target); }
        @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { return real.transferFrom(src, position, count); }
        @Override public int read(ByteBuffer dst, long position) throws IOException { return real.read(dst, position); }
        @Override public int write(ByteBuffer src, long position) throws IOException { return real.write(src, position); }
        @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return real.map(mode, position, size); }
        @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return real.lock(position, size, shared); }
        @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return real.tryLock(position, size, shared); }
        @Override protected void implCloseChannel() throws IOException { real.close(); }
    }
}
