package dev.assetgate.store.blob;

import dev.assetgate.store.BlobStore;
import dev.assetgate.store.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Blobs as files under a root directory. Writes go to {@code tmp/} first, are fsynced, then renamed
 * atomically into place, so a crash never leaves a half-written blob under a real key. Bodies
 * larger than one buffer are written and hashed on a second thread while the next buffer arrives
 * ({@link HashingWriter}), and flushed to disk in the background as they pile up ({@link WriteBehind}).
 */
public final class FsBlobStore implements BlobStore {
    private static final int FIRST_BUFFER = 64 * 1024;
    /** Reads of a spooled part while it is hashed. */
    private static final int SPOOL_READ = 256 * 1024;
    private final Path root;
    private final Path tmp;

    public FsBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        Files.createDirectories(tmp);
        // Leftovers of writes cut by a crash: never visible, safe to remove at start.
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) leftovers::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public StoredBlob put(String key, InputStream in, long maxBytes) throws IOException {
        // A small spooled body is written again: a multipart part that small is in memory, and taking
        // it over would cost Jetty writing a file, a chmod, a second open to hash it and a background
        // fsync thread, more than writing it here.
        long spooledSize = in instanceof SpooledFile spooled ? spooled.size() : -1; // a stat for a file on disk: asked once
        if (spooledSize > SpooledFile.SMALL_BYTES) {
            return adopt(key, (SpooledFile) in, maxBytes);
        }
        Path target = resolve(key);
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        boolean done = false;
        try (FileChannel channel = FileChannel.open(part, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.attributes())) {
            byte[] first = new byte[FIRST_BUFFER];
            int n = readFully(in, first);
            checkLimit(n, maxBytes);
            long size = n;
            byte[] sha1;
            boolean whole = n < first.length || spooledSize == n;
            if (whole) {
                // The whole body fits one buffer (most uploads): hash here, no second thread to wake.
                write(channel, first, n);
                MessageDigest digest = HashingWriter.newDigest();
                digest.update(first, 0, n);
                sha1 = digest.digest();
            } else {
                try (HashingWriter writer = new HashingWriter(channel)) {
                    writer.write(first, n);
                    while (n > 0) {
                        byte[] buffer = writer.buffer();
                        n = readFully(in, buffer);
                        size += n;
                        checkLimit(size, maxBytes);
                        writer.write(buffer, n);
                        if (n < buffer.length) break; // end of the stream
                    }
                    sha1 = writer.finish();
                }
            }
            channel.force(true);
            publish(part, target);
            done = true;
            return new StoredBlob(key, size, HexFormat.of().formatHex(sha1));
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    /**
     * A body already on disk (a multipart part Jetty spooled under the data directory): moved into
     * {@code tmp/} (a rename on the same file system) instead of copied, then hashed from the page
     * cache while a background thread fsyncs it; made visible exactly like a streamed blob.
     */
    private StoredBlob adopt(String key, SpooledFile spooled, long maxBytes) throws IOException {
        checkLimit(spooled.size(), maxBytes);
        Path target = resolve(key);
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        boolean done = false;
        try {
            spooled.moveTo(part);
            PrivateFiles.restrict(part); // Jetty spooled it with the umask's permissions
            Future<Void> flush = BlobThreads.submit(() -> {
                try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ)) {
                    channel.force(true);
                }
                return null;
            });
            long size;
            MessageDigest sha1 = HashingWriter.newDigest();
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ)) {
                size = channel.size();
                checkLimit(size, maxBytes);
                ByteBuffer buffer = ByteBuffer.allocate(SPOOL_READ);
                while (channel.read(buffer.clear()) > 0) {
                    sha1.update(buffer.array(), 0, buffer.position());
                }
            }
            BlobThreads.await(flush, "fsync");
            publish(part, target);
            done = true;
            return new StoredBlob(key, size, HexFormat.of().formatHex(sha1.digest()));
        } finally {
            if (!done) {
                Files.deleteIfExists(part);
            }
        }
    }

    /**
     * Makes a fsynced temporary file visible under its key: atomic rename, then fsync of the directory.
     * The directory is made only when the rename finds it missing: once per directory, not a mkdir
     * (and the exception it throws when the directory exists) per blob.
     */
    private void publish(Path part, Path target) throws IOException {
        Path dir = target.getParent();
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException missingDirectory) {
            createDirectories(dir);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        }
        fsyncDirectory(dir);
    }

    /** Creates dir and its missing parents up to the root, each fsynced into its parent, so a blob's directory lasts as the blob does. */
    private void createDirectories(Path dir) throws IOException {
        if (dir.equals(root) || Files.isDirectory(dir)) return;
        createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException made) {
            if (!Files.isDirectory(dir)) throw made; // else a concurrent put made it
        }
        fsyncDirectory(dir.getParent());
    }

    private static void checkLimit(long size, long maxBytes) throws BlobTooLargeException {
        if (size > maxBytes) {
            throw new BlobTooLargeException(maxBytes);
        }
    }

    /** Fills {@code buffer} unless the stream ends first: fewer, larger writes than one per socket read. */
    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) break;
            filled += n;
        }
        return filled;
    }

    static void write(FileChannel channel, byte[] bytes, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
        try {
            channel.position(offset);
            return new FileBlobStream(channel, length < 0 ? Math.max(0, channel.size() - offset) : length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public void list(java.util.function.Consumer<Listed> sink) throws IOException {
        // one stat per file, the walk's own (Files.walk and then asking each path would be three);
        // links are not followed, so a symbolic link is never listed as a blob (nor deleted through)
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.equals(tmp) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    sink.accept(new Listed(root.relativize(file).toString().replace('\\', '/'),
                            attributes.lastModifiedTime().toInstant()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException && !file.equals(root)) return FileVisitResult.CONTINUE; // deleted while listed
                throw e;
            }
        });
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    /** Keys are generated by the server (project/xx/uuid); this guards against a bug ever escaping the root. */
    private Path resolve(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.startsWith(tmp)) {
            throw new IllegalArgumentException("blob key outside the store: " + key);
        }
        return p;
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open directories; the rename is still atomic there
        }
    }
}
