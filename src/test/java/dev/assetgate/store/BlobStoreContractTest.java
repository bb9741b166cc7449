package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.store.BlobStore.BlobTooLargeException;
import dev.assetgate.store.BlobStore.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BlobStore port's contract: every adapter runs these same tests through a subclass that only
 * says how to open the store and how to see what it holds (visible blobs, unfinished writes).
 */
public abstract class BlobStoreContractTest {
    protected static final int MIB = 1024 * 1024;
    private static final String EMPTY_SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    protected BlobStore store;

    /** A fresh, empty store. */
    protected abstract BlobStore openStore() throws Exception;

    /** Every blob key a reader could see. */
    protected abstract Set<String> visibleKeys() throws Exception;

    /** Writes begun and not finished: temporary files on disk, incomplete multipart uploads on S3. */
    protected abstract List<String> unfinishedWrites() throws Exception;

    protected void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) closeable.close();
    }

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void close() throws Exception {
        closeStore();
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void aSmallBlobRoundTripsWithItsSizeAndSha1() throws Exception {
        byte[] body = "hello, blob".getBytes(StandardCharsets.UTF_8);
        StoredBlob blob = store.put("p/ab/small", new ByteArrayInputStream(body), 1000);

        assertThat(blob).isEqualTo(new StoredBlob("p/ab/small", body.length, sha1(body)));
        assertThat(readAll("p/ab/small", 0, -1)).isEqualTo(body);
        assertThat(store.exists("p/ab/small")).isTrue();
        assertThat(visibleKeys()).containsExactly("p/ab/small");
        assertThat(unfinishedWrites()).isEmpty();
    }

    @Test
    void anEmptyBlobIsStoredAndReadBack() throws Exception {
        StoredBlob blob = store.put("p/em/empty", InputStream.nullInputStream(), 1000);

        assertThat(blob).isEqualTo(new StoredBlob("p/em/empty", 0, EMPTY_SHA1));
        assertThat(store.exists("p/em/empty")).isTrue();
        assertThat(readAll("p/em/empty", 0, -1)).isEmpty();
        assertThat(readAll("p/em/empty", 0, 10)).isEmpty();
    }

    @Test
    void aBodyOfSeveralPartsStreamsThroughWithItsSizeAndSha1() throws Exception {
        long size = 20L * MIB + 12_345;
        StoredBlob blob = store.put("p/bi/big", new Generated(size, 1), 100L * MIB);

        assertThat(blob.size()).isEqualTo(size);
        assertThat(blob.sha1()).isEqualTo(sha1(new Generated(size, 1)));
        try (InputStream in = store.open("p/bi/big", 0, -1)) {
            assertThat(sha1(in)).as("the bytes read back").isEqualTo(blob.sha1());
        }
        assertThat(visibleKeys()).containsExactly("p/bi/big");
        assertThat(unfinishedWrites()).isEmpty();
    }

    @Test
    void bodiesEndingExactlyAtABufferOrPartEdgeKeepEveryByte() throws Exception {
        // S3 parts of 8 MiB; on disk a first read of 64 KiB, then hashing buffers of 256 KiB and 1 MiB
        long disk = 64 * 1024 + 256 * 1024;
        for (long size : new long[] {8L * MIB, 16L * MIB, 8L * MIB + 1, disk, disk + MIB, disk + 2L * MIB - 1}) {
            String key = "p/ex/" + size;
            StoredBlob blob = store.put(key, new Generated(size, size), size);
            assertThat(blob.size()).isEqualTo(size);
            assertThat(blob.sha1()).isEqualTo(sha1(new Generated(size, size)));
            try (InputStream in = store.open(key, 0, -1)) {
                assertThat(sha1(in)).isEqualTo(blob.sha1());
            }
        }
        assertThat(unfinishedWrites()).isEmpty();
    }

    @Test
    void aBodyExactlyAtTheLimitIsAccepted() throws Exception {
        StoredBlob blob = store.put("p/li/at", new ByteArrayInputStream(new byte[100]), 100);
        assertThat(blob.size()).isEqualTo(100);
        assertThat(store.exists("p/li/at")).isTrue();
    }

    // ------------------------------------------------------------------ ranges

    @Test
    void rangesReadFromAnOffsetForALengthOrToTheEnd() throws Exception {
        byte[] body = pattern(1000);
        store.put("p/ra/r", new ByteArrayInputStream(body), 1000);

        assertThat(readAll("p/ra/r", 10, 5)).isEqualTo(Arrays.copyOfRange(body, 10, 15));
        assertThat(readAll("p/ra/r", 0, 1)).isEqualTo(Arrays.copyOfRange(body, 0, 1));
        assertThat(readAll("p/ra/r", 990, -1)).as("to the end").isEqualTo(Arrays.copyOfRange(body, 990, 1000));
        assertThat(readAll("p/ra/r", 0, -1)).isEqualTo(body);
        assertThat(readAll("p/ra/r", 995, 100)).as("a length past the end stops at the end").isEqualTo(Arrays.copyOfRange(body, 995, 1000));
        assertThat(readAll("p/ra/r", 999, 1)).isEqualTo(Arrays.copyOfRange(body, 999, 1000));
        assertThat(readAll("p/ra/r", 500, 0)).isEmpty();
        assertThat(readAll("p/ra/r", 1000, -1)).as("from the end: nothing").isEmpty();
    }

    @Test
    void aRangeAcrossAPartBoundaryOfABigBlobIsExact() throws Exception {
        long size = 20L * MIB;
        store.put("p/ra/big", new Generated(size, 7), size);
        byte[] whole = new Generated(size, 7).readAllBytes();

        long from = 8L * MIB - 3;
        assertThat(readAll("p/ra/big", from, 6)).isEqualTo(Arrays.copyOfRange(whole, (int) from, (int) from + 6));
        assertThat(readAll("p/ra/big", size - 2, -1)).isEqualTo(Arrays.copyOfRange(whole, (int) size - 2, (int) size));
    }

    @ParameterizedTest(name = "into a channel: {0}")
    @ValueSource(booleans = {false, true})
    void aBlobTransferredToAnOutputIsExactForEveryRange(boolean channel) throws Exception {
        // the HTTP response takes byte buffers too (a file store maps large blobs into it), other outputs arrays
        int size = 3 * MIB + 17;
        byte[] body = pattern(size);
        store.put("p/tr/big", new ByteArrayInputStream(body), size);
        long[][] ranges = {{0, -1}, {0, size}, {5, 300 * 1024}, {MIB - 1, MIB + 2}, {size - 10, -1}, {7, 10}, {size, -1}, {100, 0}};
        for (long[] range : ranges) {
            int from = (int) range[0];
            int to = range[1] < 0 ? size : from + (int) range[1];
            java.io.ByteArrayOutputStream sink = channel ? new Sink() : new java.io.ByteArrayOutputStream();
            try (InputStream in = store.open("p/tr/big", range[0], range[1])) {
                assertThat(in.transferTo(sink)).as("bytes said sent, %s", Arrays.toString(range)).isEqualTo(to - from);
            }
            assertThat(sink.toByteArray()).as("bytes %s", Arrays.toString(range)).isEqualTo(Arrays.copyOfRange(body, from, to));
        }
    }

    /** An output stream that is also a channel, as the HTTP response is; counts the buffers it was handed. */
    protected static final class Sink extends java.io.ByteArrayOutputStream implements java.nio.channels.WritableByteChannel {
        int buffers;

        @Override
        public int write(java.nio.ByteBuffer src) {
            buffers++;
            int n = src.remaining();
            byte[] bytes = new byte[n];
            src.get(bytes);
            writeBytes(bytes);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    /** Small ones are in memory and written again (FsBlobStore), larger ones a store may take over. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {10_240, 64 * 1024, 64 * 1024 + 1, 3 * MIB + 17})
    void aSpooledFileIsStoredWithItsSizeAndSha1(int size) throws Exception {
        try (Spool spool = Spool.of(new Generated(size, 3))) {
            StoredBlob blob = store.put("p/ss/small", spool, 10L * MIB);

            assertThat(blob).isEqualTo(new StoredBlob("p/ss/small", size, sha1(new Generated(size, 3))));
            try (InputStream in = store.open("p/ss/small", 0, -1)) {
                assertThat(sha1(in)).as("the bytes read back").isEqualTo(blob.sha1());
            }
            assertThat(visibleKeys()).containsExactly("p/ss/small");
            assertThat(unfinishedWrites()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {101, 64 * 1024 + 2})
    void aSpooledFileOverTheLimitIsRefusedAndLeavesNothing(int size) throws Exception {
        long limit = size - 1;
        try (Spool spool = Spool.of(new ByteArrayInputStream(new byte[size]))) {
            assertThatThrownBy(() -> store.put("p/sp/over", spool, limit))
                    .isInstanceOfSatisfying(BlobTooLargeException.class, e -> assertThat(e.limit).isEqualTo(limit));
        }
        assertNothingLeft("p/sp/over");
    }

    // ------------------------------------------------------------------ refusals leave nothing

    @Test
    void aSmallBodyOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> store.put("p/ov/small", new ByteArrayInputStream(new byte[101]), 100))
                .isInstanceOfSatisfying(BlobTooLargeException.class, e -> assertThat(e.limit).isEqualTo(100));
        assertNothingLeft("p/ov/small");
    }

    @Test
    void aBigBodyOverTheLimitIsRefusedAfterSeveralPartsAndLeavesNothing() throws Exception {
        long limit = 18L * MIB;
        assertThatThrownBy(() -> store.put("p/ov/big", new Generated(20L * MIB, 3), limit))
                .isInstanceOfSatisfying(BlobTooLargeException.class, e -> assertThat(e.limit).isEqualTo(limit));
        assertNothingLeft("p/ov/big");
    }

    @Test
    void aStreamThatFailsEarlyLeavesNothing() throws Exception {
        IOException cut = new IOException("connection reset by the client");
        assertThatThrownBy(() -> store.put("p/cu/early", failingAfter(1000, cut), 100L * MIB)).isSameAs(cut);
        assertNothingLeft("p/cu/early");
    }

    @Test
    void aStreamThatFailsAfterSeveralPartsLeavesNothing() throws Exception {
        IOException cut = new IOException("connection reset by the client");
        assertThatThrownBy(() -> store.put("p/cu/late", failingAfter(17L * MIB, cut), 100L * MIB)).isSameAs(cut);
        assertNothingLeft("p/cu/late");
    }

    @Test
    void aRefusedWriteLeavesAnEarlierBlobUnderTheSameKeyAlone() throws Exception {
        byte[] body = pattern(50);
        store.put("p/ke/kept", new ByteArrayInputStream(body), 100);
        assertThatThrownBy(() -> store.put("p/ke/kept", new ByteArrayInputStream(new byte[101]), 100))
                .isInstanceOf(BlobTooLargeException.class);
        assertThat(readAll("p/ke/kept", 0, -1)).isEqualTo(body);
        assertThat(unfinishedWrites()).isEmpty();
    }

    // ------------------------------------------------------------------ delete, exists, keys

    @Test
    void deleteRemovesTheBlobAndIsQuietForAMissingKey() throws Exception {
        store.put("p/de/gone", new ByteArrayInputStream(pattern(10)), 100);
        store.put("p/de/stays", new ByteArrayInputStream(pattern(10)), 100);

        store.delete("p/de/gone");
        store.delete("p/de/gone");
        store.delete("p/de/never-was");

        assertThat(store.exists("p/de/gone")).isFalse();
        assertThat(store.exists("p/de/stays")).isTrue();
        assertThat(visibleKeys()).containsExactly("p/de/stays");
        assertThatThrownBy(() -> store.open("p/de/gone", 0, -1).close()).isInstanceOf(IOException.class);
    }

    @Test
    void aMissingKeyDoesNotExistAndCannotBeOpened() throws Exception {
        assertThat(store.exists("p/mi/missing")).isFalse();
        assertThatThrownBy(() -> store.open("p/mi/missing", 0, -1).close()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.open("p/mi/missing", 5, 10).close()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.open("p/mi/missing", 0, 0).close()).isInstanceOf(IOException.class);
    }

    @Test
    void keysWithSlashesAreDistinctBlobs() throws Exception {
        List<String> keys = List.of("proj/ab/0f3c-uuid", "proj/ab/1a2b-uuid", "proj/cd/deep/er/still", "other/ab/0f3c-uuid");
        for (String key : keys) {
            store.put(key, new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8)), 1000);
        }
        for (String key : keys) {
            assertThat(store.exists(key)).isTrue();
            assertThat(new String(readAll(key, 0, -1), StandardCharsets.UTF_8)).isEqualTo(key);
        }
        assertThat(store.exists("proj/ab")).as("a prefix is not a blob").isFalse();
        assertThat(visibleKeys()).containsExactlyInAnyOrderElementsOf(keys);
    }

    // ------------------------------------------------------------------ helpers

    private void assertNothingLeft(String key) throws Exception {
        assertThat(store.exists(key)).as("no blob under the key").isFalse();
        assertThat(unfinishedWrites()).as("no unfinished write").isEmpty();
        assertThat(visibleKeys()).as("no blob at all").isEmpty();
    }

    private byte[] readAll(String key, long offset, long length) throws IOException {
        try (InputStream in = store.open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte) (i * 31 + i / 256);
        return b;
    }

    private static InputStream failingAfter(long bytes, IOException failure) {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw failure;
            }
        };
        return new SequenceInputStream(new Generated(bytes, 11), failing);
    }

    private static String sha1(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
    }

    private static String sha1(InputStream in) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) sha1.update(buffer, 0, n);
        return HexFormat.of().formatHex(sha1.digest());
    }

    /** A body already in a file of its own, as the server's multipart parser leaves it. */
    protected static final class Spool extends BlobStore.SpooledFile implements AutoCloseable {
        private final java.nio.file.Path dir;
        private final java.nio.file.Path file;

        private Spool(java.nio.file.Path dir) {
            this.dir = dir;
            this.file = dir.resolve("part");
        }

        static Spool of(InputStream body) throws IOException {
            Spool spool = new Spool(java.nio.file.Files.createTempDirectory("spool"));
            java.nio.file.Files.copy(body, spool.file);
            return spool;
        }

        /** Whether a store moved the file away instead of reading it. */
        boolean takenOver() {
            return !java.nio.file.Files.exists(file);
        }

        @Override
        public long size() {
            try {
                return java.nio.file.Files.size(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        protected void move(java.nio.file.Path target) throws IOException {
            java.nio.file.Files.move(file, target);
        }

        @Override
        protected InputStream open() throws IOException {
            return java.nio.file.Files.newInputStream(file);
        }

        @Override
        public void close() throws IOException {
            super.close();
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    protected static final class Generated extends InputStream {
        private long remaining;
        private long state;

        public Generated(long size, long seed) {
            this.remaining = size;
            this.state = seed * 0x9E3779B97F4A7C15L + 1;
        }

        @Override
        public int read() {
            if (remaining <= 0) return -1;
            remaining--;
            return next() & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) return -1;
            // odd-sized reads, as a network stream gives them
            int n = (int) Math.min(Math.min(len, remaining), 50_000);
            for (int i = 0; i < n; i++) b[off + i] = (byte) next();
            remaining -= n;
            return n;
        }

        private int next() {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return (int) (state >>> 24);
        }
    }

    @Test
    void listShowsEveryFinishedBlobWithItsTime() throws Exception {
        java.time.Instant before = java.time.Instant.now().minusSeconds(120);
        store.put("p/aa/one", new java.io.ByteArrayInputStream(new byte[] {1}), 10);
        store.put("p/bb/two", new java.io.ByteArrayInputStream(new byte[] {2}), 10);
        java.util.Map<String, java.time.Instant> listed = new java.util.HashMap<>();
        store.list(b -> listed.put(b.key(), b.modifiedAt()));
        assertThat(listed).containsOnlyKeys(visibleKeys());
        assertThat(listed).containsKeys("p/aa/one", "p/bb/two");
        assertThat(listed.get("p/aa/one")).isAfter(before);
    }

    @Test
    void blobsDeletedWhileTheStoreListsAreNoError() throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add("p/" + String.format("%02x", i % 4) + "/b" + i);
            store.put(keys.get(i), new ByteArrayInputStream(new byte[] {(byte) i}), 10);
        }
        Set<String> listed = new java.util.HashSet<>();
        store.list(b -> { // as the orphan sweep does: it deletes in batches while the store lists
            if (listed.isEmpty()) {
                for (String key : keys) {
                    try {
                        store.delete(key);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
            listed.add(b.key());
        });
        assertThat(keys).containsAll(listed);
        assertThat(visibleKeys()).isEmpty();
    }
}
