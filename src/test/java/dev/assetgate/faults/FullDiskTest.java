package dev.assetgate.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data volume filled to the last byte (an 8 MB tmpfs mounted by the test, so it needs root; the
 * test is skipped where mounting is not allowed): writes are refused with 507 STORAGE_FULL and
 * Retry-After, never 500 or a multipart parse error, and deletes (a share, a file, a folder, a key)
 * still work, so space can be freed through the API.
 */
class FullDiskTest {
    private static final int RESERVE = 1024 * 1024;
    private Path mount;
    private TestServer server;

    @BeforeEach
    void mountSmallVolume() throws Exception {
        mount = Files.createTempDirectory("assetgate-full");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()) == 0, "cannot mount a tmpfs here");
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.closeKeepingData();
            TestServer.dropCatalog(server.dataDir);
        }
        run("umount", "-l", mount.toString());
        Files.deleteIfExists(mount);
    }

    @Test
    void aFullVolumeRefusesWritesWith507AndStillDeletes() throws Exception {
        server = TestServer.startIn(Files.createDirectories(mount.resolve("data")), Map.of(Setting.BLOBS, "fs", Setting.DISK_RESERVE_BYTES, String.valueOf(RESERVE)));
        server.createProject("full");
        Api api = server.allKey("full").in("full");
        Api root = server.companyKey();
        String keyId = root.postJson("/admin/v1/keys", "{\"description\":\"spare\",\"permissions\":[\"objects_list\"],\"projects\":[\"full\"]}")
                .json().path("key").path("id").asText();
        String folder = api.postJson("/v4/folders", "{\"name\":\"/old\"}").json().path("folder").path("uuid").asText();
        String shared = api.upload("/shared", "s.txt", "shared").json().path("file").path("uuid").asText();
        String share = api.postJson("/v5/shares", "{\"title\":\"s\",\"items\":[{\"type\":\"file_uuid\",\"identifiers\":[\"" + shared + "\"]}]}")
                .json().path("share").path("uuid").asText();
        List<String> files = new ArrayList<>();
        byte[] chunk = new byte[512 * 1024];
        for (int i = 0; i < 40; i++) {
            Api.Response r = api.putBytes("/v4/files?folder=/old&filename=f" + i + ".bin", chunk, "application/octet-stream");
            if (r.status() != 200) {
                assertFull(r);
                break;
            }
            files.add(r.json().path("file").path("uuid").asText());
        }
        assertThat(files).as("some files fit before the volume filled").isNotEmpty();
        fillToTheLastByte(mount.resolve("filler"));

        assertFull(api.putBytes("/v4/files?folder=/new&filename=x.bin", chunk, "application/octet-stream"));
        assertFull(api.multipart("/v4/files?folder=/new", new Api.Multipart().file("files[]", "m.bin", "application/octet-stream", chunk)));
        assertFull(api.postJson("/v4/files?folder=/new", "{\"name\":\"b.bin\",\"data\":\""
                + Base64.getEncoder().encodeToString(new byte[200_000]) + "\"}"));
        assertSmallWriteAnswered(api.postJson("/v4/folders", "{\"name\":\"/new/sub\"}"));
        assertSmallWriteAnswered(root.postJson("/admin/v1/keys", "{\"description\":\"more\",\"permissions\":[\"objects_list\"],\"projects\":[\"full\"]}"));

        // the first delete spends the reserve; the others must work without it
        Api.Response deleted = api.delete("/v5/share/" + share);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        deleted = api.delete("/v4/files/" + files.get(0));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        deleted = api.delete("/v4/folders/" + folder);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        deleted = root.delete("/admin/v1/keys/" + keyId);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);

        Files.delete(mount.resolve("filler"));
        Api.Response again = api.putBytes("/v4/files?folder=/new&filename=y.bin", chunk, "application/octet-stream");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
    }

    private static void assertFull(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(507);
        assertThat(r.code()).isEqualTo("STORAGE_FULL");
        assertThat(r.header("Retry-After")).isEqualTo("60");
    }

    /** A change of a few bytes may still fit in the catalog's free pages: stored, or refused as full, never a 500. */
    private static void assertSmallWriteAnswered(Api.Response r) {
        if (r.status() >= 300) assertFull(r);
    }

    private static void fillToTheLastByte(Path filler) {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) out.write(block);
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("space");
        }
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) out.write(1);
        } catch (IOException full) {
            // not one byte more
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) System.err.println(String.join(" ", command) + ": " + out);
        return rc;
    }
}
