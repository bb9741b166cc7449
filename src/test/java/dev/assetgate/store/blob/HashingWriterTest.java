package dev.assetgate.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second thread of a large upload: it writes the buffers in order and hashes exactly them; a write
 * that fails stops the reader instead of leaving it waiting for a buffer; and once the upload is given
 * up, the thread lets go of the file before it is closed, without writing what was still queued.
 */
class HashingWriterTest {
    @TempDir
    Path dir;

    @Test
    void buffersAreWrittenInOrderAndTheDigestIsTheirs() throws Exception {
        byte[] body = new byte[5 * HashingWriter.BUFFER_SIZE + 12_345];
        new Random(5).nextBytes(body);
        Path file = dir.resolve("blob");
        byte[] sha1;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                HashingWriter writer = new HashingWriter(channel)) {
            int at = 0;
            while (at < body.length) { // more buffers than the pool has: they come back and are reused
                byte[] buffer = writer.buffer();
                int n = Math.min(buffer.length, body.length - at);
                System.arraycopy(body, at, buffer, 0, n);
                writer.write(buffer, n);
                at += n;
            }
            sha1 = writer.finish();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(body);
        assertThat(sha1).isEqualTo(MessageDigest.getInstance("SHA-1").digest(body));
    }

    @Test
    @Timeout(10)
    void aWriteThatFailsStopsTheReaderAndFailsTheUpload() throws Exception {
        try (WriteBehindTest.ScriptedChannel channel = WriteBehindTest.channel(dir);
                HashingWriter writer = new HashingWriter(channel)) {
            channel.failingWrites = true; // a full disk
            assertThatThrownBy(() -> {
                while (true) { // the reader goes on until the failure reaches it, at the latest when the pool is empty
                    byte[] buffer = writer.buffer();
                    writer.write(buffer, buffer.length);
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("no space left");
            assertThatThrownBy(writer::finish).isInstanceOf(IOException.class).hasMessageContaining("no space left");
        }
    }

    @Test
    @Timeout(10)
    void closingBeforeTheBodyEndedWaitsForTheWriteInProgressAndDropsTheRest() throws Exception {
        // a body refused as too large, or a client gone: the file is about to be closed and deleted
        try (WriteBehindTest.ScriptedChannel channel = WriteBehindTest.channel(dir)) {
            channel.blockingWrites = new CountDownLatch(1);
            HashingWriter writer = new HashingWriter(channel);
            for (int i = 0; i < 3; i++) {
                byte[] buffer = writer.buffer();
                writer.write(buffer, buffer.length);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (channel.writes.get() == 0 && System.nanoTime() < deadline) Thread.sleep(5); // the first write has begun
            CompletableFuture<Void> closing = CompletableFuture.runAsync(writer::close);
            Thread.sleep(100);
            assertThat(closing).as("close returned while the thread still writes the file").isNotDone();
            channel.blockingWrites.countDown();
            closing.get(5, TimeUnit.SECONDS);
            assertThat(channel.writes.get()).as("the buffers still queued are not written").isEqualTo(1);
        }
    }
}
