package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads CMS plugins make without a key: a public file's object ({@code GET v4|v5/files/{uuid}}, the
 * Contentful and Directus plugins) and the public part of the settings ({@code GET v4/settings}, the
 * Akeneo connector). Nothing that is not public is revealed, not even whether it exists.
 */
@WithServer
class AnonymousReadsTest {
    static TestServer server;
    String token;
    Api admin;
    Api anonymous;
    String open;
    String hidden;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void prepare(TestProject fresh) {
        token = fresh.token;
        admin = fresh.api;
        anonymous = server.anonymous.in(token);
        open = admin.upload("/pub", "open.txt", "open bytes").json().path("file").path("uuid").asText();
        hidden = admin.upload("/priv", "hidden.txt", "hidden bytes").json().path("file").path("uuid").asText();
        visibility(open, "public");
        visibility(hidden, "not_public");
        assertThat(admin.putJson("/v5/file/" + open + "/meta", "{\"meta\":{\"title\":\"Open\"}}").status()).isEqualTo(200);
    }

    private void visibility(String uuid, String value) {
        Api.Response r = admin.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":[\"" + uuid + "\"],\"visibility\":\"" + value + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void aPublicFilesObjectIsReadWithoutAKeyAsWithOne() {
        for (String path : new String[] {"/v4/files/", "/v5/files/", "/v4/file/", "/v5/file/"}) {
            Api.Response r = anonymous.get(path + open);
            assertThat(r.status()).as(path + " " + r).isEqualTo(200);
            JsonNode file = r.json().path("file");
            assertThat(file.path("uuid").asText()).isEqualTo(open);
            assertThat(file.path("meta").path("title").asText()).isEqualTo("Open");
            JsonNode keyed = admin.get(path + open).json().path("file");
            assertThat(file).as("the same object a key reads").isEqualTo(keyed);
        }
    }

    @Test
    void aFileThatIsNotPublicIsAnsweredLikeAMissingOne() {
        Api.Response hiddenFile = anonymous.get("/v5/files/" + hidden);
        Api.Response missing = anonymous.get("/v5/files/00000000-0000-0000-0000-000000000000");
        Api.Response noProject = server.anonymous.get("/no-such-project/v5/files/" + open);
        for (Api.Response r : new Api.Response[] {hiddenFile, missing, noProject}) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.code()).isEqualTo("FILE_NOT_FOUND");
            assertThat(r.text()).doesNotContain("hidden.txt").doesNotContain("/priv");
        }
        assertThat(hiddenFile.json().path("msg").asText().replace(hidden, "X"))
                .as("the same words whether it exists or not").isEqualTo(missing.json().path("msg").asText().replace("00000000-0000-0000-0000-000000000000", "X"));
        // made public later: readable; made private again: gone
        visibility(hidden, "public");
        assertThat(anonymous.get("/v5/files/" + hidden).status()).isEqualTo(200);
        visibility(hidden, "not_public");
        assertThat(anonymous.get("/v5/files/" + hidden).status()).isEqualTo(404);
    }

    @Test
    void aPresentedCredentialIsAlwaysChecked() {
        Api.Response wrongKey = server.withKey("not-a-key").in(token).get("/v5/files/" + open);
        assertThat(wrongKey.status()).as("a bad key is refused, not treated as no key").isEqualTo(401);
        Api.Response emptyKey = anonymous.get("/v5/files/" + open, "X-Filerobot-Key", "");
        assertThat(emptyKey.status()).isEqualTo(401);
        server.createProject(token + "x");
        Api.Response otherProject = server.allKey(token + "x").in(token).get("/v5/files/" + open);
        assertThat(otherProject.status()).isEqualTo(403);
        // other reads and every change still need a key
        assertThat(anonymous.get("/v5/files?folder=/pub").status()).isEqualTo(401);
        assertThat(anonymous.get("/v5/files/" + open + "/permissions").status()).isEqualTo(401);
        assertThat(anonymous.delete("/v5/files/" + open).status()).isEqualTo(401);
        assertThat(admin.get("/v5/files/" + open).status()).isEqualTo(200);
    }

    @Test
    void thePublicPartOfTheSettingsIsReadWithoutAKey() {
        assertThat(admin.postJson("/v5/meta/model/fields", "{\"key\":\"secret_field\",\"label\":\"S\",\"type\":\"text\"}").status())
                .isEqualTo(200);
        for (String version : new String[] {"/v4", "/v5"}) {
            Api.Response r = anonymous.get(version + "/settings");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().path("status").asText()).isEqualTo("success");
            assertThat(r.json().path("settings").isObject()).isTrue();
            assertThat(r.text()).as("the metadata model is configuration: CONFIG_LIST only").doesNotContain("secret_field");
            assertThat(admin.get(version + "/settings").text()).contains("secret_field");
        }
        Api.Response unknown = server.anonymous.get("/no-such-project/v4/settings");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("PROJECT_NOT_FOUND");
    }
}
