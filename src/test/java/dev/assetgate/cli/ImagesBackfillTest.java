package dev.assetgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.Cli;
import dev.assetgate.support.Cli.Run;
import dev.assetgate.support.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code assetgate images backfill}: files stored before facts were read at upload get them, once. */
class ImagesBackfillTest {

    @Test
    void imagesStoredWithoutFactsGetThemAndASecondRunFindsNothingToDo() throws Exception {
        Assumptions.assumeTrue(TestServer.BLOBS.equals("fs"), "the CLI reads the blobs of the data directory");
        Path dir = Files.createTempDirectory("assetgate-backfill");
        String uuid;
        TestServer server = TestServer.startIn(dir);
        try {
            server.createProject("old");
            Api api = server.allKey("old").in("old");
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB), "png", png);
            uuid = api.putBytes("/v4/files?folder=/&filename=old.png", png.toByteArray(), "image/png").json().path("file").path("uuid").asText();
            api.putBytes("/v4/files?folder=/&filename=notes.txt", "text".getBytes(), "text/plain");
            // as a file stored before this version: no facts in its info
            server.app.database.withConnection(c -> {
                try (var ps = c.prepareStatement("UPDATE files SET info = '{\"ext\":\"png\"}' WHERE uuid = ?")) {
                    ps.setString(1, uuid);
                    return ps.executeUpdate();
                }
            });
            assertThat(api.get("/v5/file/" + uuid).json().path("file").path("info").has("img_w")).isFalse();
        } finally {
            server.closeKeepingData();
        }

        Run first = Cli.run(dir, "images", "backfill");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.lastLine()).isEqualTo("1");
        Run again = Cli.run(dir, "images", "backfill", "--project", "old");
        assertThat(again.lastLine()).as("resumable: done files are skipped").isEqualTo("0");

        try (TestServer restarted = TestServer.startIn(dir)) {
            JsonNode info = restarted.allKey("old").in("old").get("/v5/file/" + uuid).json().path("file").path("info");
            assertThat(info.path("img_w").asInt()).isEqualTo(120);
            assertThat(info.path("img_h").asInt()).isEqualTo(80);
            assertThat(info.path("img_o").asText()).isEqualTo("LD");
            assertThat(info.path("ext").asText()).isEqualTo("png");
            assertThat(info.path("dominant_color").asText()).as("the look is filled in too").isEqualTo("#000000");
            assertThat(info.path("main_colors")).hasSize(1);
            assertThat(restarted.allKey("old").in("old").get("/v5/file/" + uuid).json().path("file").path("hash").path("blurhash").asText()).hasSize(28);
        }
    }
}
