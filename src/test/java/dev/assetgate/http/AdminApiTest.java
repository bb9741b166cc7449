package dev.assetgate.http;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static dev.assetgate.access.Permission.FILE_DELETE;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The management API: projects and API keys over /admin/v1, who may read and write them, and the
 * no-escalation rule (a key never creates, sees or widens a key stronger than itself).
 */
@WithServer
class AdminApiTest {
    static TestServer server;
    static Api root; // company-wide, every permission, no expiry: sees every key

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        for (String token : List.of("alpha", "beta", "gamma")) {
            server.createProject(token);
        }
        root = server.companyKey();
    }

    // ================================================================== projects

    @Test
    void theProjectListShowsOnlyWhatTheKeyReaches() {
        assertThat(tokens(root)).contains("alpha", "beta", "gamma");
        assertThat(tokens(server.companyKey(CONFIG_LIST))).contains("alpha", "beta", "gamma");
        assertThat(tokens(server.keyFor(List.of("alpha"), CONFIG_LIST))).containsExactly("alpha");
        assertThat(tokens(server.keyFor(List.of("alpha", "beta"), CONFIG_LIST))).containsExactly("alpha", "beta");
        Api.Response noList = allBut(List.of("alpha"), CONFIG_LIST).get("/admin/v1/projects");
        assertDenied(noList, 403, "PERMISSION_DENIED");
    }

    @Test
    void aCompanyWideKeyWithConfigChangeCreatesProjects() {
        Api.Response r = root.postJson("/admin/v1/projects", "{\"token\":\"created-1\",\"name\":\"Created One\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode p = r.json().path("project");
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        assertThat(p.path("token").asText()).isEqualTo("created-1");
        assertThat(p.path("name").asText()).isEqualTo("Created One");
        assertThat(p.path("uuid").asText()).isNotEmpty();
        assertThat(p.path("company_uuid").asText()).isNotEmpty();
        assertThat(root.get("/admin/v1/projects/created-1").json().path("project").path("uuid")).isEqualTo(p.path("uuid"));
        assertThat(root.in("created-1").get("/v5/files").status()).isEqualTo(200);

        Api.Response unnamed = server.companyKey(CONFIG_CHANGE).postJson("/admin/v1/projects", "{\"token\":\"created-2\"}");
        assertThat(unnamed.status()).as(unnamed.toString()).isEqualTo(201);
        assertThat(unnamed.json().path("project").path("name").asText()).isEqualTo("created-2");
        for (String edge : List.of("x", "9", "a".repeat(64), "a-b-c", "0-0")) {
            assertThat(root.postJson("/admin/v1/projects", "{\"token\":\"" + edge + "\"}").status()).as(edge).isEqualTo(201);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper", "-lead", "trail-", "with space", "", "under_score", "dot.ted", "caf\\u00e9", "a/b",
            "..", "../etc", "tab\\t", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void invalidProjectTokensAreRefused(String token) {
        List<String> before = tokens(root);
        Api.Response r = root.postJson("/admin/v1/projects", "{\"token\":\"" + token + "\"}");
        assertDenied(r, 400, "INVALID_PARAMETER");
        assertThat(tokens(root)).isEqualTo(before);
    }

    @Test
    void projectTokensOfTheWrongTypeOrMissingAreRefused() {
        List<String> before = tokens(root);
        for (String body : List.of("{\"token\":5}", "{\"token\":[\"a\"]}", "{\"token\":null}", "{}", "{\"name\":\"no token\"}",
                "{\"token\":\"fine-token\",\"name\":7}")) {
            assertDenied(root.postJson("/admin/v1/projects", body), 400, "INVALID_PARAMETER");
        }
        assertThat(tokens(root)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "health", "console"})
    void reservedTokensAreRefused(String token) {
        Api.Response r = root.postJson("/admin/v1/projects", "{\"token\":\"" + token + "\"}");
        assertDenied(r, 400, "INVALID_PARAMETER");
        assertThat(r.json().path("msg").asText()).contains("reserved");
        assertThat(tokens(root)).doesNotContain(token);
    }

    @Test
    void aDuplicateProjectIsAConflictAndLeavesTheOriginalAlone() {
        Api.Response r = root.postJson("/admin/v1/projects", "{\"token\":\"alpha\",\"name\":\"Hijacked\"}");
        assertDenied(r, 409, "PROJECT_EXISTS");
        assertThat(root.get("/admin/v1/projects/alpha").json().path("project").path("name").asText()).isEqualTo("alpha");
    }

    @Test
    void onlyACompanyWideKeyWithConfigChangeCreatesProjects() {
        List<String> before = tokens(root);
        assertDenied(server.allKey("alpha").postJson("/admin/v1/projects", "{\"token\":\"by-project-key\"}"), 403, "PERMISSION_DENIED");
        assertDenied(server.companyKey(CONFIG_LIST, OBJECTS_LIST).postJson("/admin/v1/projects", "{\"token\":\"by-reader\"}"),
                403, "PERMISSION_DENIED");
        assertDenied(server.anonymous.postJson("/admin/v1/projects", "{\"token\":\"by-nobody\"}"), 401, "UNAUTHORIZED");
        assertThat(tokens(root)).isEqualTo(before);
    }

    @Test
    void getOneProjectNeedsConfigListAndReach() {
        assertThat(root.get("/admin/v1/projects/beta").json().path("project").path("token").asText()).isEqualTo("beta");
        Api alphaReader = server.keyFor(List.of("alpha"), CONFIG_LIST);
        assertThat(alphaReader.get("/admin/v1/projects/alpha").status()).isEqualTo(200);
        Api.Response unreachable = alphaReader.get("/admin/v1/projects/beta");
        Api.Response unknown = alphaReader.get("/admin/v1/projects/no-such");
        assertDenied(unreachable, 403, "PROJECT_NOT_ALLOWED");
        assertDenied(unknown, 403, "PROJECT_NOT_ALLOWED");
        assertThat(unknown.json().path("msg").asText().replace("no-such", "X"))
                .isEqualTo(unreachable.json().path("msg").asText().replace("beta", "X"));
        assertDenied(allBut(List.of("alpha"), CONFIG_LIST).get("/admin/v1/projects/alpha"), 403, "PERMISSION_DENIED");
    }

    @Test
    void patchRenamesAProjectWithinReach() {
        createProject("renamable");
        Api.Response r = root.patchJson("/admin/v1/projects/renamable", "{\"name\":\"Nice Name\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("project").path("name").asText()).isEqualTo("Nice Name");
        assertThat(r.json().path("project").path("token").asText()).isEqualTo("renamable");

        for (String body : List.of("{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":5}", "{}", "{\"name\":\"" + "n".repeat(201) + "\"}")) {
            assertDenied(root.patchJson("/admin/v1/projects/renamable", body), 400, "INVALID_PARAMETER");
        }
        assertDenied(server.keyFor(List.of("alpha"), CONFIG_CHANGE, CONFIG_LIST)
                .patchJson("/admin/v1/projects/renamable", "{\"name\":\"Taken Over\"}"), 403, "PROJECT_NOT_ALLOWED");
        assertDenied(server.keyFor(List.of("renamable"), CONFIG_LIST)
                .patchJson("/admin/v1/projects/renamable", "{\"name\":\"Taken Over\"}"), 403, "PERMISSION_DENIED");
        assertThat(root.get("/admin/v1/projects/renamable").json().path("project").path("name").asText()).isEqualTo("Nice Name");
    }

    @Test
    void deletingAProjectRemovesEverythingSoARecreatedOneIsEmpty() throws IOException {
        createProject("doomed");
        Api inDoomed = root.in("doomed");
        String file = uploaded(inDoomed, "/deep/er", "gone.txt", "bytes that must go");
        uploaded(inDoomed, "/", "top.txt", "top");
        Api projectKey = server.allKey("doomed");
        assertThat(blobFiles("doomed")).isNotEmpty();

        assertDenied(projectKey.delete("/admin/v1/projects/doomed"), 403, "PERMISSION_DENIED");
        assertDenied(server.companyKey(CONFIG_LIST).delete("/admin/v1/projects/doomed"), 403, "PERMISSION_DENIED");
        assertThat(inDoomed.get("/v5/files/" + file).status()).as("refused deletes change nothing").isEqualTo(200);

        Api.Response deleted = root.delete("/admin/v1/projects/doomed");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().path("action").asText()).isEqualTo("project_deleted");
        assertDenied(root.get("/admin/v1/projects/doomed"), 403, "PROJECT_NOT_ALLOWED");
        assertThat(tokens(root)).doesNotContain("doomed");
        assertThat(blobFiles("doomed")).as("the blobs are gone from the blob store").isEmpty();
        assertDenied(root.delete("/admin/v1/projects/doomed"), 403, "PROJECT_NOT_ALLOWED");

        assertThat(root.postJson("/admin/v1/projects", "{\"token\":\"doomed\"}").status()).isEqualTo(201);
        JsonNode files = inDoomed.get("/v5/files?folder=/&recursive=1").json();
        assertThat(files.path("files")).isEmpty();
        assertThat(files.path("info").path("total_files_count").asLong()).isZero();
        assertThat(inDoomed.get("/v5/folders?folder=/&recursive=1").json().path("folders")).isEmpty();
        assertThat(inDoomed.get("/v5/tags").json().path("tags")).isEmpty();
        assertThat(inDoomed.get("/v5/files/" + file).status()).isEqualTo(404);
        assertThat(inDoomed.get("/v4/get/" + file).status()).isEqualTo(404);
        assertThat(root.anonymous().get("/doomed/cdn/deep/er/gone.txt").status()).isEqualTo(404);
        assertDenied(projectKey.in("doomed").get("/v5/files"), 403, "PROJECT_NOT_ALLOWED");
        assertThat(root.get("/admin/v1/keys/" + projectKey.keyId).json().path("key").path("projects")).isEmpty();
    }

    // ================================================================== keys: basics

    @Test
    void aCreatedKeyShowsItsSecretOnceAndWorks() {
        Api.Response r = root.postJson("/admin/v1/keys",
                "{\"description\":\"uploader\",\"permissions\":[\"objects_list\",\"FILE_UPLOAD\"],\"projects\":[\"alpha\"]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode key = r.json().path("key");
        String secret = key.path("secret").asText();
        String id = key.path("id").asText();
        assertThat(secret).matches("agsk_[0-9a-f]{64}");
        assertThat(key.path("permissions")).extracting(JsonNode::asText).containsExactly("FILE_UPLOAD", "OBJECTS_LIST");
        assertThat(key.path("projects")).extracting(JsonNode::asText).containsExactly("alpha");
        assertThat(key.path("company_wide").asBoolean()).isFalse();
        assertThat(key.path("active").asBoolean()).isTrue();
        assertThat(key.path("description").asText()).isEqualTo("uploader");
        assertThat(key.path("expires_at").isNull()).isTrue();
        assertThat(key.path("secret_hint").asText()).isEqualTo(secret.substring(0, 11) + "…");

        Api.Response one = root.get("/admin/v1/keys/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("key").has("secret")).isFalse();
        assertThat(one.text()).doesNotContain(secret).doesNotContain(secret.substring(11));
        Api.Response list = root.get("/admin/v1/keys");
        assertThat(list.json().path("keys").findValuesAsText("id")).contains(id);
        assertThat(list.json().path("keys").findValues("secret")).isEmpty();
        assertThat(list.text()).doesNotContain(secret).doesNotContain(secret.substring(11));
        Api.Response patched = root.patchJson("/admin/v1/keys/" + id, "{\"description\":\"renamed\"}");
        assertThat(patched.json().path("key").has("secret")).isFalse();
        assertThat(patched.text()).doesNotContain(secret.substring(11));

        Api created = server.withKey(secret);
        assertThat(created.in("alpha").get("/v5/files").status()).isEqualTo(200);
        assertThat(created.in("alpha").upload("/", "by-new-key.txt", "x").status()).isEqualTo(200);
        assertDenied(created.in("alpha").delete("/v5/files/whatever"), 403, "PERMISSION_DENIED");
        assertDenied(created.in("beta").get("/v5/files"), 403, "PROJECT_NOT_ALLOWED");
    }

    @Test
    void keysCanHoldAllAndBeCompanyWide() {
        for (String permissions : List.of("\"all\"", "[\"all\"]", "[\"ALL\"]")) {
            Api.Response r = root.postJson("/admin/v1/keys",
                    "{\"description\":\"everything\",\"permissions\":" + permissions + ",\"company_wide\":true}");
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            JsonNode key = r.json().path("key");
            assertThat(key.path("permissions")).extracting(JsonNode::asText).containsExactly("all");
            assertThat(key.path("company_wide").asBoolean()).isTrue();
            assertThat(key.path("projects")).isEmpty();
            Api created = server.withKey(key.path("secret").asText());
            for (String token : List.of("alpha", "beta", "gamma")) {
                assertThat(created.in(token).get("/v5/files").status()).isEqualTo(200);
            }
        }
        Api.Response expiring = root.postJson("/admin/v1/keys", "{\"description\":\"until\",\"permissions\":[\"OBJECTS_LIST\"],"
                + "\"projects\":[\"alpha\",\"beta\"],\"expires_at\":\"2999-01-31T00:00:00Z\"}");
        assertThat(expiring.status()).as(expiring.toString()).isEqualTo(201);
        assertThat(expiring.json().path("key").path("expires_at").asText()).isEqualTo("2999-01-31T00:00:00Z");
        assertThat(expiring.json().path("key").path("projects")).extracting(JsonNode::asText).containsExactly("alpha", "beta");
    }

    @Test
    void readingKeysNeedsConfigListAndWritingNeedsConfigChange() {
        String target = server.keyFor(List.of("alpha"), OBJECTS_LIST).keyId;
        Api writerOnly = server.companyKey(CONFIG_CHANGE);
        assertDenied(writerOnly.get("/admin/v1/keys"), 403, "PERMISSION_DENIED");
        assertDenied(writerOnly.get("/admin/v1/keys/" + target), 403, "PERMISSION_DENIED");
        Api.Response made = writerOnly.postJson("/admin/v1/keys",
                "{\"description\":\"w\",\"permissions\":[\"CONFIG_CHANGE\"],\"company_wide\":true}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);

        Api readerOnly = server.companyKey(CONFIG_LIST, OBJECTS_LIST);
        assertThat(readerOnly.get("/admin/v1/keys").status()).isEqualTo(200);
        assertThat(readerOnly.get("/admin/v1/keys/" + target).status()).isEqualTo(200);
        int before = keyCount();
        assertDenied(readerOnly.postJson("/admin/v1/keys", "{\"description\":\"r\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"alpha\"]}"),
                403, "PERMISSION_DENIED");
        assertDenied(readerOnly.patchJson("/admin/v1/keys/" + target, "{\"active\":false}"), 403, "PERMISSION_DENIED");
        assertDenied(readerOnly.delete("/admin/v1/keys/" + target), 403, "PERMISSION_DENIED");
        assertThat(keyCount()).isEqualTo(before);
        assertThat(key(target).path("active").asBoolean()).isTrue();

        for (String path : List.of("/admin/v1/keys", "/admin/v1/keys/" + target)) {
            assertDenied(server.anonymous.get(path), 401, "UNAUTHORIZED");
        }
    }

    // ================================================================== keys: no escalation

    /** alpha only; may manage keys; holds OBJECTS_LIST and nothing else. */
    static Api limitedManager(Instant expiresAt) {
        return server.key(false, List.of("alpha"), PermissionSet.of(CONFIG_CHANGE, CONFIG_LIST, OBJECTS_LIST), expiresAt);
    }

    @Test
    void aKeyCannotCreateAKeyStrongerThanItself() {
        Api caller = limitedManager(null);
        int before = keyCount();
        List<String> refused = List.of(
                "{\"description\":\"x\",\"permissions\":[\"OBJECTS_LIST\",\"FILE_DELETE\"],\"projects\":[\"alpha\"]}",
                "{\"description\":\"x\",\"permissions\":[\"FILE_UPLOAD\"],\"projects\":[\"alpha\"]}",
                "{\"description\":\"x\",\"permissions\":\"all\",\"projects\":[\"alpha\"]}",
                "{\"description\":\"x\",\"permissions\":[\"all\"],\"projects\":[\"alpha\"]}",
                "{\"description\":\"x\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"beta\"]}",
                "{\"description\":\"x\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"alpha\",\"beta\"]}",
                "{\"description\":\"x\",\"permissions\":[\"OBJECTS_LIST\"],\"company_wide\":true}");
        for (String body : refused) {
            assertDenied(caller.postJson("/admin/v1/keys", body), 403, "PERMISSION_DENIED");
        }
        assertThat(keyCount()).as("no key was created").isEqualTo(before);
        Api.Response allowed = caller.postJson("/admin/v1/keys",
                "{\"description\":\"ok\",\"permissions\":[\"OBJECTS_LIST\",\"CONFIG_LIST\"],\"projects\":[\"alpha\"]}");
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(201);
    }

    @Test
    void holdingEveryPermissionByNameIsNotHoldingAll() {
        Api caller = server.key(false, List.of("alpha"), PermissionSet.of(Permission.values()), null);
        assertDenied(caller.postJson("/admin/v1/keys", "{\"description\":\"x\",\"permissions\":\"all\",\"projects\":[\"alpha\"]}"),
                403, "PERMISSION_DENIED");
        String everyName = Stream.of(Permission.values()).map(p -> "\"" + p.name() + "\"").reduce((a, b) -> a + "," + b).orElseThrow();
        Api.Response listed = caller.postJson("/admin/v1/keys",
                "{\"description\":\"x\",\"permissions\":[" + everyName + "],\"projects\":[\"alpha\"]}");
        assertThat(listed.status()).as(listed.toString()).isEqualTo(201);
        assertThat(listed.json().path("key").path("permissions")).hasSize(Permission.values().length);
    }

    @Test
    void anExpiringKeyCannotCreateAKeyThatOutlivesIt() {
        Instant expiry = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Api caller = limitedManager(expiry);
        String base = "{\"description\":\"x\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"alpha\"]";
        int before = keyCount();
        assertDenied(caller.postJson("/admin/v1/keys", base + "}"), 403, "PERMISSION_DENIED");
        assertDenied(caller.postJson("/admin/v1/keys", base + ",\"expires_at\":null}"), 403, "PERMISSION_DENIED");
        assertDenied(caller.postJson("/admin/v1/keys", base + ",\"expires_at\":\"" + expiry.plusSeconds(1) + "\"}"),
                403, "PERMISSION_DENIED");
        assertThat(keyCount()).isEqualTo(before);
        assertThat(caller.postJson("/admin/v1/keys", base + ",\"expires_at\":\"" + expiry + "\"}").status()).isEqualTo(201);
        assertThat(caller.postJson("/admin/v1/keys", base + ",\"expires_at\":\"" + expiry.minusSeconds(3600) + "\"}").status())
                .isEqualTo(201);
    }

    @Test
    void aKeyCannotWidenAnotherKeyOrItselfPastItself() {
        Api caller = limitedManager(null);
        String target = server.keyFor(List.of("alpha"), OBJECTS_LIST).keyId;
        JsonNode original = key(target);
        List<String> refused = List.of(
                "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_DELETE\"]}",
                "{\"permissions\":\"all\"}",
                "{\"projects\":[\"alpha\",\"beta\"]}",
                "{\"projects\":[\"beta\"]}",
                "{\"company_wide\":true}",
                "{\"company_wide\":true,\"permissions\":[\"OBJECTS_LIST\"]}");
        for (String body : refused) {
            assertDenied(caller.patchJson("/admin/v1/keys/" + target, body), 403, "PERMISSION_DENIED");
            assertDenied(caller.patchJson("/admin/v1/keys/" + caller.keyId, body), 403, "PERMISSION_DENIED");
        }
        assertThat(key(target)).isEqualTo(original);
        assertThat(key(caller.keyId).path("permissions")).extracting(JsonNode::asText)
                .containsExactly("CONFIG_CHANGE", "CONFIG_LIST", "OBJECTS_LIST");
        Api.Response narrowed = caller.patchJson("/admin/v1/keys/" + target, "{\"permissions\":[\"CONFIG_LIST\"],\"description\":\"n\"}");
        assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);
        assertThat(key(target).path("permissions")).extracting(JsonNode::asText).containsExactly("CONFIG_LIST");
    }

    @Test
    void anExpiringKeyCannotExtendAnotherKeyOrItself() {
        Instant expiry = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Api caller = limitedManager(expiry);
        String target = server.key(false, List.of("alpha"), PermissionSet.of(OBJECTS_LIST), expiry.minusSeconds(3600)).keyId;
        for (String body : List.of("{\"expires_at\":null}", "{\"expires_at\":\"" + expiry.plusSeconds(60) + "\"}")) {
            assertDenied(caller.patchJson("/admin/v1/keys/" + target, body), 403, "PERMISSION_DENIED");
            assertDenied(caller.patchJson("/admin/v1/keys/" + caller.keyId, body), 403, "PERMISSION_DENIED");
        }
        assertThat(key(target).path("expires_at").asText()).isEqualTo(expiry.minusSeconds(3600).toString());
        assertThat(key(caller.keyId).path("expires_at").asText()).isEqualTo(expiry.toString());
    }

    @Test
    void strongerKeysAreInvisibleExactlyLikeUnknownOnes() {
        Instant expiry = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Api caller = limitedManager(expiry);
        List<Api> stronger = List.of(
                server.key(false, List.of("alpha"), PermissionSet.of(OBJECTS_LIST, FILE_DELETE), expiry.minusSeconds(60)),
                server.key(false, List.of("beta"), PermissionSet.of(OBJECTS_LIST), expiry.minusSeconds(60)),
                server.key(false, List.of("alpha", "beta"), PermissionSet.of(OBJECTS_LIST), expiry.minusSeconds(60)),
                server.key(true, List.of(), PermissionSet.of(OBJECTS_LIST), expiry.minusSeconds(60)),
                server.key(false, List.of("alpha"), PermissionSet.of(OBJECTS_LIST), null),
                server.key(false, List.of("alpha"), PermissionSet.of(OBJECTS_LIST), expiry.plusSeconds(60)),
                server.key(false, List.of("alpha"), PermissionSet.allPermissions(), expiry.minusSeconds(60)),
                root);
        String unknownId = "key_00000000deadbeef";
        Api.Response unknownGet = caller.get("/admin/v1/keys/" + unknownId);
        assertDenied(unknownGet, 404, "KEY_NOT_FOUND");
        List<String> visible = caller.get("/admin/v1/keys").json().path("keys").findValuesAsText("id");
        for (Api k : stronger) {
            String id = k.keyId;
            Api.Response get = caller.get("/admin/v1/keys/" + id);
            assertDenied(get, 404, "KEY_NOT_FOUND");
            assertThat(get.json().path("msg").asText().replace(id, "ID")).isEqualTo(unknownGet.json().path("msg").asText().replace(unknownId, "ID"));
            assertThat(get.json().path("hint")).isEqualTo(unknownGet.json().path("hint"));
            assertDenied(caller.patchJson("/admin/v1/keys/" + id, "{\"active\":false}"), 404, "KEY_NOT_FOUND");
            assertDenied(caller.patchJson("/admin/v1/keys/" + id, "{\"description\":\"mine now\"}"), 404, "KEY_NOT_FOUND");
            assertDenied(caller.delete("/admin/v1/keys/" + id), 404, "KEY_NOT_FOUND");
            assertThat(visible).doesNotContain(id);
            JsonNode untouched = key(id);
            assertThat(untouched.path("active").asBoolean()).isTrue();
            assertThat(untouched.path("description").asText()).isNotEqualTo("mine now");
        }
        assertThat(root.get("/admin/v1/keys").status()).as("root still works").isEqualTo(200);

        Api weaker = server.key(false, List.of("alpha"), PermissionSet.of(OBJECTS_LIST), expiry.minusSeconds(60));
        Api same = server.key(false, List.of("alpha"), PermissionSet.of(CONFIG_CHANGE, CONFIG_LIST, OBJECTS_LIST), expiry);
        List<String> nowVisible = caller.get("/admin/v1/keys").json().path("keys").findValuesAsText("id");
        assertThat(nowVisible).contains(weaker.keyId, same.keyId, caller.keyId);
        assertThat(caller.get("/admin/v1/keys/" + weaker.keyId).status()).isEqualTo(200);
        assertThat(caller.delete("/admin/v1/keys/" + weaker.keyId).status()).isEqualTo(200);
        assertThat(weaker.in("alpha").get("/v5/files").status()).isEqualTo(401);
    }

    /** Naming an unknown project and naming one the caller does not reach must answer alike: no probing for tokens. */
    @Test
    void aProjectScopedKeyCannotProbeForProjectTokens() {
        Api caller = limitedManager(null);
        Api.Response unreachable = caller.postJson("/admin/v1/keys",
                "{\"description\":\"x\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"beta\"]}");
        Api.Response unknown = caller.postJson("/admin/v1/keys",
                "{\"description\":\"x\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"no-such-project\"]}");
        assertThat(unknown.status()).isEqualTo(unreachable.status());
        assertThat(unknown.code()).isEqualTo(unreachable.code());
        assertThat(unknown.json().path("msg")).isEqualTo(unreachable.json().path("msg"));
        String target = server.keyFor(List.of("alpha"), OBJECTS_LIST).keyId;
        Api.Response patchUnreachable = caller.patchJson("/admin/v1/keys/" + target, "{\"projects\":[\"beta\"]}");
        Api.Response patchUnknown = caller.patchJson("/admin/v1/keys/" + target, "{\"projects\":[\"no-such-project\"]}");
        assertThat(patchUnknown.status()).isEqualTo(patchUnreachable.status());
        assertThat(patchUnknown.code()).isEqualTo(patchUnreachable.code());
        assertThat(patchUnknown.json().path("msg")).isEqualTo(patchUnreachable.json().path("msg"));
    }

    // ================================================================== keys: bad bodies

    @Test
    void badKeyBodiesAreRefusedAndCreateNothing() {
        int before = keyCount();
        String ok = "\"description\":\"d\",\"permissions\":[\"OBJECTS_LIST\"]";
        assertDenied(root.postJson("/admin/v1/keys", "{\"description\":"), 400, "INVALID_JSON");
        assertDenied(root.postJson("/admin/v1/keys", "not json at all"), 400, "INVALID_JSON");
        assertDenied(root.postJson("/admin/v1/keys", ""), 400, "INVALID_JSON");
        assertDenied(root.postJson("/admin/v1/keys", "[{" + ok + ",\"company_wide\":true}]"), 400, "INVALID_JSON");
        assertDenied(root.postJson("/admin/v1/keys", "{" + ok + ",\"company_wide\":true,\"company_wide\":false}"), 400, "INVALID_JSON");
        assertDenied(root.postJson("/admin/v1/keys", "{" + ok + ",\"company_wide\":true} trailing"), 400, "INVALID_JSON");
        List<String> invalid = List.of(
                "{\"description\":\"d\",\"permissions\":5,\"company_wide\":true}",
                "{\"description\":\"d\",\"permissions\":[5],\"company_wide\":true}",
                "{\"description\":\"d\",\"permissions\":{\"OBJECTS_LIST\":true},\"company_wide\":true}",
                "{\"description\":\"d\",\"permissions\":[],\"company_wide\":true}",
                "{\"description\":\"d\",\"permissions\":null,\"company_wide\":true}",
                "{\"description\":\"d\",\"company_wide\":true}",
                "{\"description\":\"d\",\"permissions\":[\"all\",\"FILE_UPLOAD\"],\"company_wide\":true}",
                "{" + ok + ",\"company_wide\":\"yes\"}",
                "{" + ok + ",\"company_wide\":1}",
                "{" + ok + ",\"company_wide\":true,\"expires_at\":\"tomorrow\"}",
                "{" + ok + ",\"company_wide\":true,\"expires_at\":5}",
                "{" + ok + ",\"company_wide\":true,\"expires_at\":\"2001-01-01T00:00:00Z\"}",
                "{" + ok + ",\"projects\":[\"alpha\"],\"company_wide\":true}",
                "{" + ok + "}",
                "{" + ok + ",\"projects\":[]}",
                "{" + ok + ",\"projects\":\"alpha\"}",
                "{" + ok + ",\"projects\":[7]}",
                "{" + ok + ",\"projects\":[\"no-such-project\"]}",
                "{\"permissions\":[\"OBJECTS_LIST\"],\"company_wide\":true}",
                "{\"description\":5,\"permissions\":[\"OBJECTS_LIST\"],\"company_wide\":true}",
                "{\"description\":\"" + "d".repeat(501) + "\",\"permissions\":[\"OBJECTS_LIST\"],\"company_wide\":true}");
        for (String body : invalid) {
            Api.Response r = root.postJson("/admin/v1/keys", body);
            assertThat(r.status()).as(body + " → " + r).isEqualTo(400);
            assertThat(r.code()).as(body).isEqualTo("INVALID_PARAMETER");
        }
        Api.Response unknownName = root.postJson("/admin/v1/keys",
                "{\"description\":\"d\",\"permissions\":[\"OBJECTS_LIST\",\"FILE_EXPLODE\"],\"company_wide\":true}");
        assertDenied(unknownName, 400, "INVALID_PARAMETER");
        assertThat(unknownName.json().path("msg").asText()).contains("FILE_EXPLODE");
        Api.Response xml = root.post("/admin/v1/keys", "text/xml", "<key/>".getBytes());
        assertDenied(xml, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(keyCount()).as("no key was created").isEqualTo(before);
    }

    @Test
    void badPatchBodiesAreRefusedAndChangeNothing() {
        String target = server.keyFor(List.of("alpha"), OBJECTS_LIST).keyId;
        JsonNode original = key(target);
        assertDenied(root.patchJson("/admin/v1/keys/" + target, "{\"active\":"), 400, "INVALID_JSON");
        assertDenied(root.patchJson("/admin/v1/keys/" + target, "[]"), 400, "INVALID_JSON");
        for (String body : List.of("{\"active\":\"no\"}", "{\"active\":0}", "{\"permissions\":5}", "{\"permissions\":[\"NOPE\"]}",
                "{\"company_wide\":\"yes\"}", "{\"expires_at\":\"tomorrow\"}", "{\"projects\":[\"alpha\"],\"company_wide\":true}",
                "{\"description\":\"\"}", "{\"projects\":[]}")) {
            Api.Response r = root.patchJson("/admin/v1/keys/" + target, body);
            assertThat(r.status()).as(body + " → " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
        }
        assertThat(key(target)).isEqualTo(original);
        assertDenied(root.patchJson("/admin/v1/keys/key_00000000deadbeef", "{\"active\":false}"), 404, "KEY_NOT_FOUND");
        assertDenied(root.delete("/admin/v1/keys/key_00000000deadbeef"), 404, "KEY_NOT_FOUND");
    }

    // ================================================================== helpers

    static void createProject(String token) {
        Api.Response r = root.postJson("/admin/v1/projects", "{\"token\":\"" + token + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    static List<String> tokens(Api api) {
        Api.Response r = api.get("/admin/v1/projects");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("projects").forEach(p -> out.add(p.path("token").asText()));
        return out;
    }

    static int keyCount() {
        return root.get("/admin/v1/keys").json().path("keys").size();
    }

    static JsonNode key(String id) {
        Api.Response r = root.get("/admin/v1/keys/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("key");
    }

    static Api allBut(List<String> projects, Permission missing) {
        Set<Permission> held = EnumSet.complementOf(EnumSet.of(missing));
        return server.key(false, projects, PermissionSet.of(held.toArray(Permission[]::new)), null);
    }

    static void assertDenied(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    static String uploaded(Api api, String folder, String name, String content) {
        Api.Response r = api.upload(folder, name, content);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    static java.util.Set<String> blobFiles(String token) {
        return server.blobKeys(token + "/");
    }

    @Test
    void anExpiredKeyCanStillBeDeactivatedAndRedescribed() {
        Api expiring = server.key(false, java.util.List.of("alpha"), dev.assetgate.access.PermissionSet.of(OBJECTS_LIST),
                server.clock.instant().plusSeconds(1));
        server.clock.advance(java.time.Duration.ofSeconds(2));
        assertDenied(expiring.in("alpha").get("/v4/files?folder=/"), 401, "KEY_EXPIRED");
        Api.Response patched = root.patchJson("/admin/v1/keys/" + expiring.keyId, "{\"active\":false,\"description\":\"retired\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().path("key").path("active").asBoolean()).isFalse();
        assertThat(patched.json().path("key").path("description").asText()).isEqualTo("retired");
        // but moving an expiry into the past is still refused
        Api.Response past = root.patchJson("/admin/v1/keys/" + expiring.keyId, "{\"expires_at\":\"2001-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(400);
    }
}
