package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestPostgres;
import dev.assetgate.support.TestServer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code catalog=postgres} wires the PostgreSQL adapter into the server (whatever engine the rest
 * of the run uses): two servers on one schema share projects, keys and files, like two nodes.
 */
@Tag("cluster")
class PostgresCatalogServerTest {

    @Test
    void twoServersOnOneSchemaShareTheCatalog() {
        TestPostgres.assumeAvailable();
        String schema = TestPostgres.createSchema();
        Map<Setting, String> settings = Map.of(Setting.CATALOG, "postgres", Setting.POSTGRES_URL, TestPostgres.url(schema),
                Setting.POSTGRES_USER, TestPostgres.USER, Setting.SECRET, "a-shared-server-secret-of-32-chars-or-more");
        try (TestServer one = TestServer.start(settings); TestServer two = TestServer.start(settings)) {
            one.createProject("shared");
            Api viaOne = one.allKey("shared").in("shared");
            String uuid = viaOne.postJson("/v4/files?folder=/docs",
                    "{\"name\":\"a.txt\",\"data\":\"aGVsbG8=\",\"postactions\":\"decode_base64\"}").json().path("file").path("uuid").asText();

            Api viaTwo = two.withKey(viaOne.key).in("shared");
            Api.Response listed = viaTwo.get("/v5/files?folder=/docs");
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(listed.json().path("files")).extracting(f -> f.path("uuid").asText()).containsExactly(uuid);
            assertThat(viaTwo.postJson("/v4/folders", "{\"name\":\"/docs\"}").code()).isEqualTo("NAME_CONFLICT");
            assertThat(Files.exists(one.dataDir.resolve("catalog.db"))).as("no SQLite file").isFalse();
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }
}
