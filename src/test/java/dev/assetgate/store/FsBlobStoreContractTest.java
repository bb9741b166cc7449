package dev.assetgate.store;

import dev.assetgate.store.blob.FsBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
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

    @Override
    protected List<String> unfinishedWrites() throws IOException {
        try (Stream<Path> parts = Files.list(root.resolve("tmp"))) {
            return parts.map(Path::toString).toList();
        }
    }
}
