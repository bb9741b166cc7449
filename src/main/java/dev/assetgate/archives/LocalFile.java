package dev.assetgate.archives;

import dev.assetgate.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A finished zip in the scratch area, handed to the blob store: renamed on the same disk, else streamed. */
final class LocalFile extends BlobStore.SpooledFile {
    private final Path path;

    LocalFile(Path path) {
        this.path = path;
    }

    @Override
    public long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected void move(Path target) throws IOException {
        try {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.copy(path, target);
        }
    }

    @Override
    protected InputStream open() throws IOException {
        return Files.newInputStream(path);
    }
}
