package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.store.blob.FsBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BlobStore contract on local disk. */
class FsBlobStoreContractTest extends BlobStoreContractTest {
    @TempDir
    Path root;

    @Override
    protected BlobStore openStore() throws IOException {
        return new FsBlobStore(root);
    }

    @Override
    protected Set<String> visibleKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(root.resolve("tmp")))
                    .forEach(p -> keys.add(root.relativize(p).toString().replace('\\', '/')));
        }
        return keys;
    }

    @Test
    void aBlobWhoseDirectoryWasRemovedMeanwhileIsStoredInItMadeAgain() throws Exception {
        store.put("p/ab/first", new ByteArrayInputStream("1".getBytes(StandardCharsets.UTF_8)), 10);
        store.delete("p/ab/first");
        Files.delete(root.resolve("p/ab")); // the store makes a directory when a rename finds it missing, it keeps no list of them
        Files.delete(root.resolve("p"));

        store.put("p/ab/second", new ByteArrayInputStream("2".getBytes(StandardCharsets.UTF_8)), 10);
        try (var in = store.open("p/ab/second", 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo("2".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(visibleKeys()).containsExactly("p/ab/second");
        assertThat(unfinishedWrites()).isEmpty();
    }

    @Test
    void aSpooledFileIsTakenOverOnlyAbove64KiB() throws Exception {
        // Jetty keeps parts up to 64 KiB in memory: writing those again is cheaper than adopting them
        try (Spool small = Spool.of(new Generated(64 * 1024, 1)); Spool large = Spool.of(new Generated(64 * 1024 + 1, 2))) {
            store.put("p/ta/small", small, MIB);
            store.put("p/ta/large", large, MIB);

            assertThat(small.takenOver()).as("64 KiB, written again").isFalse();
            assertThat(large.takenOver()).as("64 KiB + 1, renamed into the store").isTrue();
        }
    }

    @Test
    void aLargeBlobReachesAChannelAsOneMappedBufferAndASmallOneAsArrays() throws Exception {
        // the download path: a mapping handed to the socket whole, not 8 KiB copied through the heap
        store.put("p/ch/large", new Generated(MIB, 3), MIB);
        store.put("p/ch/small", new Generated(10_000, 4), MIB);
        Sink large = new Sink();
        Sink small = new Sink();
        try (var in = store.open("p/ch/large", 0, -1)) {
            in.transferTo(large);
        }
        try (var in = store.open("p/ch/small", 0, -1)) {
            in.transferTo(small);
        }
        assertThat(large.buffers).isEqualTo(1);
        assertThat(large.toByteArray()).isEqualTo(new Generated(MIB, 3).readAllBytes());
        Path maps = Path.of("/proc/self/maps");
        if (Files.isReadable(maps)) { // Linux: unmapped once sent, not when a garbage collection comes
            assertThat(Files.readString(maps)).doesNotContain(root.resolve("p/ch/large").toString());
        }
        assertThat(small.buffers).as("10 KB: read into the heap").isZero();
        assertThat(small.size()).isEqualTo(10_000);
    }

    @Test
    void listingAStoreWhoseDirectoryIsGoneFailsInsteadOfFindingNothing() throws Exception {
        store.put("p/gn/one", new ByteArrayInputStream(new byte[] {1}), 10);
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        // an empty listing would tell the sweeps there is nothing to look at, on a store that is not there
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.list(b -> {}))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Override
    protected List<String> unfinishedWrites() throws IOException {
        try (Stream<Path> parts = Files.list(root.resolve("tmp"))) {
            return parts.map(Path::toString).toList();
        }
    }
}
