package dev.assetgate.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the catalog, every blob and the server secret, so it is for the server's
 * own user alone: the directory 0700, its files 0600. New files are created that way (the process
 * umask would leave them 0644); a data directory of an older version, open to other users, is
 * tightened once at start. Only the entries Assetgate itself creates are touched, so a data
 * directory pointed at a shared place does not get its other files changed. No-ops where the file
 * system has no POSIX permissions.
 */
public final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** Files directly in the data directory that Assetgate creates (the SQLite catalog and its journals, the secret). */
    private static final List<String> OWN_FILES = List.of("catalog.db", "catalog.db-wal", "catalog.db-shm", "catalog.db-journal",
            "secret.key", "space-reserve");
    /** Directories under the data directory that hold only Assetgate's files. */
    private static final List<String> OWN_TREES = List.of("blobs", "tmp");

    private PrivateFiles() {}

    /** Attributes that make a newly created file 0600 (none where permissions are not POSIX). */
    public static FileAttribute<?>[] attributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)} : new FileAttribute<?>[0];
    }

    /** Makes a file someone else created (Jetty's spooled multipart part) 0600. */
    public static void restrict(Path file) throws IOException {
        if (POSIX) Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
    }

    /** Creates {@code file} empty and 0600 unless it exists; a program that opens it later keeps those permissions. */
    public static void createIfMissing(Path file) {
        try {
            Files.createFile(file, attributes());
        } catch (FileAlreadyExistsException exists) {
            // kept as it is; secureDataDir tightens it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** Creates a directory, and any missing parent, 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        return POSIX ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR)) : Files.createDirectories(dir);
    }

    /**
     * Called once the stores have opened the data directory. One they have just created is made 0700
     * (its files already are 0600). One that existed and that others may enter was made by an older
     * version: it and the trees Assetgate keeps in it are tightened, and that is logged once.
     * Assetgate's top-level files are checked at every start (a handful of stats). A data directory
     * nothing needed (catalog, blobs and secret elsewhere) is not created.
     */
    public static void secureDataDir(Path dir, boolean existedBefore) {
        if (!POSIX || !Files.isDirectory(dir)) return;
        try {
            if (!existedBefore) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
                return;
            }
            int tightened = tighten(dir) ? 1 : 0;
            boolean wasOpen = tightened > 0;
            for (String name : OWN_FILES) {
                if (tighten(dir.resolve(name))) tightened++;
            }
            if (wasOpen) {
                for (String name : OWN_TREES) {
                    tightened += tightenTree(dir.resolve(name));
                }
            }
            if (tightened > 0) {
                LOG.warn("data directory {}: {} files and directories were open to other users; now owner-only (0700 directories, 0600 files)",
                        dir, tightened);
            }
        } catch (IOException e) {
            // not our directory to change (another owner, a read-only mount): serve anyway, say so
            LOG.warn("data directory {}: cannot make it owner-only: {}", dir, e.toString());
        }
    }

    private static int tightenTree(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) return 0;
        int tightened = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (tighten(p)) tightened++;
            }
        }
        return tightened;
    }

    /** Removes group and other permissions from a file or directory (never follows links); true when any was set. */
    private static boolean tighten(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) return false;
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (permissions.stream().noneMatch(OTHERS::contains)) return false;
        Set<PosixFilePermission> owner = EnumSet.copyOf(permissions);
        owner.removeAll(OTHERS);
        Files.setPosixFilePermissions(p, owner);
        return true;
    }
}
