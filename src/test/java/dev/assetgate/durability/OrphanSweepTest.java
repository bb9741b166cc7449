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
}
