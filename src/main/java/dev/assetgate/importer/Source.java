package dev.assetgate.importer;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where a library comes from: a folder tree, an S3 bucket, or a Filerobot-compatible project. It lists
 * everything first (paths relative to its root, {@code /a/b.jpg}), then opens one file at a time.
 */
public interface Source extends AutoCloseable {

    /** For messages and the journal: the same text for the same source. */
    String describe();

    Inventory list() throws IOException;

    /** The file's bytes, streamed; called again for a retried upload. */
    InputStream open(SourceFile file) throws IOException;

    @Override
    default void close() {}

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** A folder to create (empty ones too), with what it carries. */
    record SourceFolder(String path, Attributes attributes) {}

    /**
     * A file: {@code version} changes when its content may have (size and mtime, an ETag, a SHA-1), so the
     * journal can trust a SHA-1 it computed before; {@code sha1} when the source already knows it.
     */
    record SourceFile(String path, long size, String version, String sha1, String contentType, Attributes attributes,
                      String location) {}

    /** A file the source could not offer (unreadable, a broken sidecar), with why. */
    record Problem(String path, String reason) {}

    record Inventory(List<SourceFolder> folders, List<SourceFile> files, List<Problem> problems) {
        public long bytes() {
            return files.stream().mapToLong(SourceFile::size).sum();
        }
    }
}
