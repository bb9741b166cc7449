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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second thread of a large upload: it writes the buffers in order and hashes exactly them, and a
 * write that fails stops the reader instead of leaving it waiting for a buffer.
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
        Path file = Files.createFile(dir.resolve("read-only"));
        try (FileChannel readOnly = FileChannel.open(file, StandardOpenOption.READ);
                HashingWriter writer = new HashingWriter(readOnly)) {
            assertThatThrownBy(() -> {
                while (true) { // the reader goes on until the failure reaches it, at the latest when the pool is empty
                    byte[] buffer = writer.buffer();
                    writer.write(buffer, buffer.length);
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("writing a blob failed");
            assertThatThrownBy(writer::finish).isInstanceOf(IOException.class);
        }
        assertThat(Files.size(file)).isZero();
    }
}
