package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data directory holds the catalog, every blob and the server secret: it is 0700 and each file
 * in it 0600, whatever the umask, for new installs and, after one start, for older ones.
 */
class DataDirPermissionsTest {
    /** Written by the test harness beside the data (which catalog schema to use), not by Assetgate. */
    private static final String HARNESS_FILE = "test-catalog.properties";

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    @Test
    void aNewDataDirectoryAndEveryFileInItAreOwnerOnly() throws IOException {
        Path dir = Files.createTempDirectory("assetgate-perms").resolve("data");
        if (TestServer.onPostgres()) {
            Files.createDirectories(dir); // the harness keeps its schema name there before the server starts
        }
        TestServer server = TestServer.startIn(dir);
        try {
            store(server);
            assertThat(permissions(dir)).isEqualTo("rwx------");
            assertThat(filesNotOwnerOnly(dir)).as("files readable by others").isEmpty();
            assertThat(Files.exists(dir.resolve("secret.key"))).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void anOlderDataDirectoryOpenToOthersIsTightenedAtStartLeavingForeignFilesAlone() throws IOException {
        TestServer server = TestServer.start();
        Path dir = server.dataDir;
        store(server);
        server.closeKeepingData();
        // as an older version left it under umask 022
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Path foreign = dir.resolve("notes.txt");
        Files.writeString(foreign, "the operator's own file");
        Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(filesNotOwnerOnly(dir)).isNotEmpty();

        server = TestServer.startIn(dir);
        try {
            assertThat(permissions(dir)).isEqualTo("rwx------");
            Map<String, String> open = filesNotOwnerOnly(dir);
            assertThat(open).as("only the operator's own file keeps its permissions").containsOnlyKeys("notes.txt");
            try (Stream<Path> walk = Files.walk(dir.resolve(TestServer.BLOBS.equals("s3") ? "tmp" : "blobs"))) {
                assertThat(walk.filter(Files::isDirectory).map(DataDirPermissionsTest::permissions)).containsOnly("rwx------");
            }
        } finally {
            server.close();
        }
    }

    /** One file by each upload path: multipart (small and spooled), base64 JSON, PUT stream. */
    private static void store(TestServer server) {
        server.createProject("perm");
        Api api = server.allKey("perm").in("perm");
        assertThat(api.upload("/", "small.txt", "small").status()).isEqualTo(200);
        assertThat(api.upload("/", "spooled.txt", "s".repeat(200_000)).status()).isEqualTo(200);
        assertThat(api.postJson("/v5/files", "{\"name\":\"b64.txt\",\"data\":\"aGk=\"}").status()).isEqualTo(200);
        assertThat(api.putBytes("/v4/files?filename=put.bin", "put".getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .status()).isEqualTo(200);
    }

    /** Regular files under {@code dir} whose permissions are not rw-------, with their permissions. */
    private static Map<String, String> filesNotOwnerOnly(Path dir) {
        Map<String, String> open = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(HARNESS_FILE))
                    .filter(p -> !permissions(p).equals("rw-------"))
                    .forEach(p -> open.put(dir.relativize(p).toString(), permissions(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
