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
    private InputStream in;

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
    public void moveTo(Path target) throws IOException {
        if (in != null) throw new IllegalStateException("the file is already being read");
        try {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.copy(path, target);
        }
    }

    @Override
    public int read() throws IOException {
        return stream().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return stream().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        if (in != null) in.close();
    }

    private InputStream stream() throws IOException {
        if (in == null) in = Files.newInputStream(path);
        return in;
    }
}
