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
    private InputStream in;

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
    public void moveTo(Path target) throws IOException {
        if (in != null) {
            throw new IllegalStateException("the part is already being read");
        }
        part.write(target.toAbsolutePath().toString());
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
        if (in == null) in = part.getInputStream();
        return in;
    }
}
