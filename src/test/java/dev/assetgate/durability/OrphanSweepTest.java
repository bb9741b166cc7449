package dev.assetgate.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.Assetgate;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Blobs that no file refers to (a crash between blob and row) are collected; nothing else is. */
class OrphanSweepTest {

    @Test
    void orphansOlderThanTheGraceAreCollectedAndNothingElse() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.createProject("sweep");
            Api api = server.allKey("sweep").in("sweep");
            String kept = api.upload("/", "kept.txt", "still referenced").json().path("file").path("uuid").asText();
            String orphanKey = "sweep/ab/" + UUID.randomUUID();
            String foreignKey = "backups/not-ours.txt";
            server.app.blobs().put(orphanKey, new ByteArrayInputStream("lost row".getBytes(StandardCharsets.UTF_8)), 100);
            server.app.blobs().put(foreignKey, new ByteArrayInputStream("someone else's".getBytes(StandardCharsets.UTF_8)), 100);

            assertThat(server.app.orphanSweeper(Assetgate.ORPHAN_GRACE).sweep()).as("young orphans are left alone").isZero();
            assertThat(server.app.blobs().exists(orphanKey)).isTrue();

            assertThat(server.app.orphanSweeper(Duration.ZERO).sweep()).isEqualTo(1);
            assertThat(server.app.blobs().exists(orphanKey)).isFalse();
            assertThat(server.app.blobs().exists(foreignKey)).as("keys of another shape are not ours").isTrue();
            assertThat(api.get("/v4/get/" + kept).text()).isEqualTo("still referenced");
            assertThat(server.app.orphanSweeper(Duration.ZERO).sweep()).isZero();
        }
    }

    @Test
    void orphansOfSeveralBatchesAreAllCollectedInOnePass() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.createProject("many");
            Api api = server.allKey("many").in("many");
            String kept = api.upload("/", "kept.txt", "still referenced").json().path("file").path("uuid").asText();
            int orphans = 1_203; // the sweep checks the catalog 500 keys at a time, while the store lists
            for (int i = 0; i < orphans; i++) {
                String key = "many/" + String.format("%02x", i & 0xff) + "/" + UUID.randomUUID();
                server.app.blobs().put(key, new ByteArrayInputStream(new byte[] {(byte) i}), 1);
            }
            String keptLast = api.upload("/", "kept-last.txt", "also referenced").json().path("file").path("uuid").asText();

            assertThat(server.app.orphanSweeper(Duration.ZERO).sweep()).isEqualTo(orphans);
            assertThat(api.get("/v4/get/" + kept).text()).isEqualTo("still referenced");
            assertThat(api.get("/v4/get/" + keptLast).text()).isEqualTo("also referenced");
            assertThat(server.app.orphanSweeper(Duration.ZERO).sweep()).isZero();
        }
    }

    /** Multipart spools and unfinished blob writes a crash left: gone at start and in the sweep once older than the grace. */
    @Test
    void temporaryFilesOlderThanTheGraceAreCollectedAtStartAndBySweep() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("assetgate-scratch");
        java.nio.file.Path spool = scratchFile(dir.resolve("tmp"), "MultiPart123", Duration.ofHours(2));
        java.nio.file.Path part = scratchFile(dir.resolve("blobs").resolve("tmp"), UUID.randomUUID() + ".part", Duration.ofHours(2));
        try (TestServer server = TestServer.startIn(dir)) {
            assertThat(spool).as("a spool left by a crash").doesNotExist();
            assertThat(part).doesNotExist();

            java.nio.file.Path young = scratchFile(dir.resolve("tmp"), "MultiPart456", Duration.ofMinutes(5));
            java.nio.file.Path old = scratchFile(dir.resolve("tmp"), "MultiPart789", Duration.ofMinutes(61));
            java.nio.file.Path oldPart = scratchFile(dir.resolve("blobs").resolve("tmp"), UUID.randomUUID() + ".part", Duration.ofMinutes(61));
            assertThat(server.app.scratchSweeper(Assetgate.ORPHAN_GRACE).sweep()).isEqualTo(2);
            assertThat(young).as("may belong to an upload still running").exists();
            assertThat(old).doesNotExist();
            assertThat(oldPart).doesNotExist();
        }
    }

    private static java.nio.file.Path scratchFile(java.nio.file.Path area, String name, Duration age) throws java.io.IOException {
        java.nio.file.Files.createDirectories(area);
        java.nio.file.Path file = java.nio.file.Files.write(area.resolve(name), new byte[1000]);
        java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(age)));
        return file;
    }
}
