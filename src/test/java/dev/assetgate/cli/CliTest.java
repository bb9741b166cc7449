package dev.assetgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetgate.support.Api;
import dev.assetgate.support.Cli;
import dev.assetgate.support.Cli.Run;
import dev.assetgate.support.Propagation;
import dev.assetgate.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI works on the same data directory as the server, also while the server runs (its key changes bite there within a second). */
class CliTest {

    static Run cli(Path dataDir, String... args) {
        return Cli.run(dataDir, args);
    }

    @Test
    void projectAndKeyCreatedByTheCliWorkOverHttpAndDeactivationBitesWhileTheServerRuns() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-cli");
        Run project = cli(dir, "project", "create", "shop");
        assertThat(project.exit()).as(project.err()).isZero();
        assertThat(project.lastLine()).isEqualTo("shop");

        Run key = cli(dir, "key", "create", "--projects", "shop", "--permissions", "OBJECTS_LIST,FILE_UPLOAD",
                "--description", "backend");
        assertThat(key.exit()).as(key.err()).isZero();
        String secret = key.lastLine();
        assertThat(secret).matches("agsk_[0-9a-f]{64}");

        try (TestServer server = TestServer.startIn(dir)) {
            Api api = server.withKey(secret).in("shop");
            assertThat(api.upload("/", "a.txt", "a").status()).isEqualTo(200);
            assertThat(api.get("/v4/files?folder=/").status()).isEqualTo(200);
            // a permission the CLI did not grant
            assertThat(api.deleteJson("/v5/files", "{\"files_uuids\":[\"x\"]}").status()).isEqualTo(403);

            Run list = cli(dir, "key", "list", "--json");
            assertThat(list.exit()).isZero();
            assertThat(list.out()).doesNotContain(secret);
            JsonNode listed = new ObjectMapper().readTree(list.lastLine());
            String id = listed.path("id").asText();
            assertThat(listed.path("projects").get(0).asText()).isEqualTo("shop");

            // the CLI is another process: the server sees its changes through the catalog's key version, within a second
            Run deactivate = cli(dir, "key", "deactivate", id);
            assertThat(deactivate.exit()).as(deactivate.err()).isZero();
            assertWithinASecond("deactivated by the CLI", () -> api.get("/v4/files?folder=/").status() == 401);
            assertThat(api.get("/v4/files?folder=/").code()).isEqualTo("UNAUTHORIZED");

            assertThat(cli(dir, "key", "activate", id).exit()).isZero();
            assertWithinASecond("re-activated by the CLI", () -> api.get("/v4/files?folder=/").status() == 200);

            assertThat(cli(dir, "key", "delete", id).exit()).isZero();
            assertWithinASecond("deleted by the CLI", () -> api.get("/v4/files?folder=/").status() == 401);
        }
    }

    /** "Within 1 s" plus what a poll on a busy test machine adds. */
    private static void assertWithinASecond(String what, java.util.function.BooleanSupplier seen) {
        assertThat(Propagation.await(what, seen)).as(what).isLessThan(java.time.Duration.ofMillis(1500));
    }

    @Test
    void jsonOutputCompanyKeysAndRefusals() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-cli");
        try {
            jsonOutputCompanyKeysAndRefusals(dir);
        } finally {
            TestServer.dropCatalog(dir);
        }
    }

    private void jsonOutputCompanyKeysAndRefusals(Path dir) throws Exception {
        Run json = cli(dir, "key", "create", "--company", "--permissions", "all", "--description", "ops",
                "--expires", "2099-01-01T00:00:00Z", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode key = new ObjectMapper().readTree(json.lastLine());
        assertThat(key.path("secret").asText()).startsWith("agsk_");
        assertThat(key.path("company_wide").asBoolean()).isTrue();
        assertThat(key.path("expires_at").asText()).isEqualTo("2099-01-01T00:00:00Z");

        Run unknownPermission = cli(dir, "key", "create", "--company", "--permissions", "OBJECTS_LIST,FLY", "--description", "x");
        assertThat(unknownPermission.exit()).isEqualTo(1);
        assertThat(unknownPermission.err()).contains("FLY");

        Run unknownProject = cli(dir, "key", "create", "--projects", "nope", "--permissions", "all", "--description", "x");
        assertThat(unknownProject.exit()).isEqualTo(1);
        assertThat(unknownProject.err()).contains("nope");

        Run both = cli(dir, "key", "create", "--projects", "a", "--company", "--permissions", "all", "--description", "x");
        assertThat(both.exit()).isEqualTo(2);

        Run pastExpiry = cli(dir, "key", "create", "--company", "--permissions", "all", "--description", "x",
                "--expires", "2001-01-01T00:00:00Z");
        assertThat(pastExpiry.exit()).isEqualTo(1);

        Run badToken = cli(dir, "project", "create", "Not_A_Token");
        assertThat(badToken.exit()).isEqualTo(1);
        assertThat(cli(dir, "project", "create", "p1").exit()).isZero();
        Run duplicate = cli(dir, "project", "create", "p1");
        assertThat(duplicate.exit()).isEqualTo(1);
        assertThat(cli(dir, "project", "list").out()).contains("p1");
    }
}
