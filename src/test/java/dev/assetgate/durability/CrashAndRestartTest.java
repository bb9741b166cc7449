package dev.assetgate.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.RawHttp;
import dev.assetgate.support.ServerProcess;
import dev.assetgate.support.S3TestServer;
import dev.assetgate.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Durability: a restart keeps everything; a kill -9 mid-upload loses no committed file and shows no partial one. */
@Tag("slow")
class CrashAndRestartTest {

    @Test
    void restartKeepsProjectsKeysFoldersAndFiles() {
        TestServer server = TestServer.start();
        server.createProject("keep");
        Api api = server.allKey("keep").in("keep");
        String uuid = api.upload("/a/b", "kept.txt", "still here").json().path("file").path("uuid").asText();
        assertThat(api.postJson("/v4/folders", "{\"name\":\"/empty\"}").status()).isEqualTo(200);

        server = TestServer.restart(server);
        try {
            Api again = server.withKey(api.key).in("keep");
            assertThat(again.get("/v4/get/" + uuid).text()).isEqualTo("still here");
            assertThat(again.get("/v5/folders?folder=/").json().path("folders")).hasSize(2);
        } finally {
            server.close();
        }
    }

    @Test
    void killDashNineDuringAnUploadLosesNoCommittedFileAndLeavesNoPartialOne() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-crash");
        try {
            killDuringUpload(dir);
        } finally {
            TestServer.dropCatalog(dir);
        }
    }

    private void killDuringUpload(Path dir) throws Exception {
        TestServer setup = TestServer.startIn(dir);
        setup.createProject("crash");
        String key = setup.keyFor(List.of("crash"), Permission.values()).key;
        setup.closeKeepingData();
        Map<String, String> blobs = setup.blobEnvironment();

        ServerProcess server = ServerProcess.start(dir, blobs);
        int port = server.port();
        Api api = new Api("http://127.0.0.1:" + port, key).in("crash");
        String committed = api.upload("/", "committed.txt", "durable").json().path("file").path("uuid").asText();

        // Start a 12 MiB streaming upload, send 10 MiB of it (past one 8 MiB S3 part, so that an S3 blob
        // store has begun its multipart upload), and SIGKILL the server mid-body.
        try (RawHttp http = RawHttp.connect(port)) {
            http.send("PUT /crash/v4/files?folder=/&filename=partial.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-Filerobot-Key: " + key + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 12582912\r\n\r\n");
            http.send(new byte[10 * 1024 * 1024]);
            waitForUnfinishedWrite(setup);
            server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        ServerProcess restarted = ServerProcess.start(dir, blobs);
        try {
            Api after = new Api("http://127.0.0.1:" + restarted.port(), key).in("crash");
            Api.Response list = after.get("/v5/files?folder=/");
            assertThat(list.json().path("files")).extracting(f -> f.path("name").asText()).containsExactly("committed.txt");
            assertThat(after.get("/v4/get/" + committed).text()).isEqualTo("durable");
            assertThat(setup.blobKeys("crash/")).as("only the committed blob is visible").hasSize(1);
            if (setup.bucket == null) {
                assertThat(setup.unfinishedBlobWrites()).as("partial writes are swept at start").isEmpty();
            }
            // On S3 the cut multipart upload stays, invisible, until a start a day later aborts it (another
            // node may still be writing a younger one), or a bucket lifecycle rule does.
        } finally {
            restarted.process().destroy();
            assertThat(restarted.process().waitFor(20, TimeUnit.SECONDS)).as("SIGTERM stops the server").isTrue();
            if (setup.bucket != null) S3TestServer.shared().dropBucket(setup.bucket);
        }
    }

    private static void waitForUnfinishedWrite(TestServer blobsOf) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!blobsOf.unfinishedBlobWrites().isEmpty()) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the upload never started writing");
    }
}
