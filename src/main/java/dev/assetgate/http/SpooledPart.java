package dev.assetgate.http;

import dev.assetgate.store.BlobStore;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * One file part of a multipart upload, as Jetty received it (spooled under the data directory's
 * {@code tmp/} above 64 KiB): readable as a stream, or handed over whole so the blob store can
 * rename the spooled file instead of copying it.
 */
final class SpooledPart extends BlobStore.SpooledFile {
    private final Part part;

    SpooledPart(Part part) {
        this.part = part;
    }

    String filename() {
        return part.getSubmittedFileName();
    }

    String contentType() {
        return part.getContentType();
    }

    @Override
    public long size() {
        return part.getSize();
    }

    /** Jetty renames its spooled file to {@code target} (or writes an in-memory part there). */
    @Override
    protected void move(Path target) throws IOException {
        part.write(target.toAbsolutePath().toString());
    }

    @Override
    protected InputStream open() throws IOException {
        return part.getInputStream();
    }
}
