package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.template;
import static dev.assetgate.templates.Sass.templatesPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.FreshServer;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SASS keys are verified on every request: signature, project, expiry and revocation. */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
@ServerSetting(key = Setting.SECRET, value = SassKeyVerificationTest.SECRET)
class SassKeyVerificationTest {
    static final String SECRET = "test-secret-one-0123456789abcdefghijklmnopqrstuvwxyz";
    static final String LIST = "/v5/files?folder=/";
    static TestServer server;
    static TestProject p;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        p = TestProject.create(server, "p");
        server.createProject("q");
    }

    private static Api.Response list(String token, String key) {
        return server.withKey(key).in(token).get(LIST);
    }

    private static String freshKey() {
        return Sass.keyWith(p, "{\"permissions\":[\"OBJECTS_LIST\"]}").key;
    }

    @Test
    void aMintedKeyWorks() {
        assertThat(list("p", freshKey()).status()).isEqualTo(200);
    }

    @Test
    void forgedKeysAreRefused() {
        SecureRandom random = new SecureRandom();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String kid = freshKey().split("\\.")[1];
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] claims = new byte[48];
            byte[] mac = new byte[32];
            random.nextBytes(claims);
            random.nextBytes(mac);
            forged.add("SASS__v1." + kid + "." + b64.encodeToString(claims) + "." + b64.encodeToString(mac));
            forged.add("SASS__v1.deadbeef." + b64.encodeToString(claims) + "." + b64.encodeToString(mac));
        }
        // well-formed claims for this very project, with a made-up MAC
        String claims = b64.encodeToString(("p\tSECU_00000000000000000000000000000000\t1\t0\t9999999999\tsk_x")
                .getBytes(StandardCharsets.UTF_8));
        forged.add("SASS__v1." + kid + "." + claims + "." + b64.encodeToString(new byte[32]));
        forged.add("SASS__v1." + kid + "." + claims + ".");
        forged.add("SASS__v1." + kid + "." + claims);
        forged.add("SASS__");
        forged.add("SASS__v1...");
        forged.add("SASS__v1." + "A".repeat(600));
        for (String key : forged) {
            assertError(list("p", key), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void truncatedKeysAreRefused() {
        String key = freshKey();
        for (int cut = 1; cut < key.length(); cut += 7) {
            assertError(list("p", key.substring(0, key.length() - cut)), 401, "UNAUTHORIZED");
        }
        assertError(list("p", key + "A"), 401, "UNAUTHORIZED");
        assertError(list("p", key + ".x"), 401, "UNAUTHORIZED");
    }

    @Test
    void changingAnyCharacterAnywhereInvalidatesTheKey() {
        String key = freshKey();
        assertThat(list("p", key).status()).isEqualTo(200);
        // every position after the "SASS__" marker: version, kid, claims and MAC
        for (int i = "SASS__".length(); i < key.length(); i++) {
            char c = key.charAt(i);
            char other = c == 'A' ? 'B' : c == '.' ? 'x' : 'A';
            String changed = key.substring(0, i) + other + key.substring(i + 1);
            Api.Response r = list("p", changed);
            assertThat(r.status()).as("position " + i + " of " + key).isEqualTo(401);
            assertThat(r.code()).isEqualTo("UNAUTHORIZED");
        }
        // the lowest bit of the last MAC character (unused bits in base64) included
        char last = key.charAt(key.length() - 1);
        String flipped = key.substring(0, key.length() - 1) + (char) (last ^ 1);
        assertError(list("p", flipped), 401, "UNAUTHORIZED");
        assertThat(list("p", key).status()).isEqualTo(200);
    }

    @Test
    void claimsReEncodedOrEditedAreRefused() {
        String key = freshKey();
        String[] parts = key.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        // another project, a longer life, an older template version: same MAC
        List<String> edits = List.of(claims.replaceFirst("^p\t", "q\t"),
                claims.replaceAll("\t(\\d{10})\t(sk_)", "\t9999999999\t$2"),
                claims.replaceFirst("\t1\t", "\t2\t"));
        for (String edited : edits) {
            assertThat(edited).isNotEqualTo(claims);
            String forged = parts[0] + "." + parts[1] + "." + b64.encodeToString(edited.getBytes(StandardCharsets.UTF_8)) + "." + parts[3];
            assertError(list("p", forged), 401, "UNAUTHORIZED");
            assertError(list("q", forged), 401, "UNAUTHORIZED");
        }
        // the MAC with padding, and the claims with padding
        assertError(list("p", key + "="), 401, "UNAUTHORIZED");
        String padded = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[3];
        if (!padded.equals(key)) {
            assertError(list("p", padded), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void aKeySignedWithAnotherServerSecretIsRefused() {
        try (TestServer foreign = TestServer.start(Map.of(Setting.SECRET, "another-secret-0123456789abcdefghijklmnopqrstuvwxyz",
                Setting.KEY_EXCHANGE_PER_MINUTE, "1000"))) {
            foreign.createProject("p");
            String id = template(foreign.allKey("p"), "p", "{\"permissions\":[\"OBJECTS_LIST\"]}");
            String key = Sass.key(foreign, "p", id);
            assertThat(foreign.withKey(key).in("p").get(LIST).status()).isEqualTo(200);
            assertError(list("p", key), 401, "UNAUTHORIZED");
            assertError(server.anonymous.get("/p/v4/key/info?key=" + Api.enc(key)), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void aRotatedSecretKeepsVerifyingOnlyTheKeysItSigned() throws Exception {
        String oldSecret = "rotation-old-0123456789abcdefghijklmnopqrstuvwxyz";
        String newSecret = "rotation-new-0123456789abcdefghijklmnopqrstuvwxyz";
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("assetgate-rotation");
        String id;
        String oldKey;
        TestServer before = TestServer.startIn(dir, Map.of(Setting.SECRET, oldSecret));
        try {
            before.createProject("p");
            id = template(before.allKey("p"), "p", "{\"permissions\":[\"OBJECTS_LIST\"]}");
            oldKey = Sass.key(before, "p", id);
        } finally {
            before.closeKeepingData();
        }
        String newKey;
        TestServer rotated = TestServer.startIn(dir, Map.of(Setting.SECRET, newSecret,
                Setting.PREVIOUS_SECRETS, oldSecret));
        try {
            assertThat(rotated.withKey(oldKey).in("p").get(LIST).status()).isEqualTo(200);
            newKey = Sass.key(rotated, "p", id);
            assertThat(rotated.withKey(newKey).in("p").get(LIST).status()).isEqualTo(200);
        } finally {
            rotated.closeKeepingData();
        }
        try (TestServer done = TestServer.startIn(dir, Map.of(Setting.SECRET, newSecret))) {
            assertError(done.withKey(oldKey).in("p").get(LIST), 401, "UNAUTHORIZED"); // rotation finished: the old secret is gone
            assertThat(done.withKey(newKey).in("p").get(LIST).status()).isEqualTo(200);
        }
    }

    @Test
    void aKeyOfOneProjectIsNotValidForAnother() {
        String key = freshKey();
        assertError(list("q", key), 403, "PROJECT_NOT_ALLOWED");
        assertError(list("ghost", key), 403, "PROJECT_NOT_ALLOWED");
        assertError(server.withKey(key).in("q").upload("/", "x.txt", "x"), 403, "PROJECT_NOT_ALLOWED");
        assertThat(list("p", key).status()).isEqualTo(200);
    }

    @Test
    void anApiKeyIsNotMistakenForASassKeyAndViceVersa() {
        assertError(list("p", "SASS__" + p.admin.key), 401, "UNAUTHORIZED");
        assertError(list("p", freshKey().substring("SASS__".length())), 401, "UNAUTHORIZED");
    }

    // ------------------------------------------------------------------ expiry

    @Test
    @FreshServer
    @ServerSetting(key = Setting.SASS_CLOCK_LEEWAY_SECONDS, value = "0")
    void anExpiredKeyIsRefusedWithKeyExpired(TestServer strict) {
        strict.createProject("p");
        String id = template(strict.allKey("p"), "p", "{\"permissions\":[\"OBJECTS_LIST\"],\"key_validity\":{\"expire_duration\":2}}");
        JsonNode minted = Sass.minted(strict, "p", id);
        assertThat(minted.path("key_validity").path("expire_duration").asLong()).isEqualTo(2000);
        Api sass = strict.withKey(minted.path("key").asText()).in("p");
        assertThat(sass.get(LIST).status()).isEqualTo(200);
        strict.clock.advance(Duration.ofSeconds(3));
        assertError(sass.get(LIST), 401, "KEY_EXPIRED");
        assertError(strict.anonymous.get("/p/v4/key/info?key=" + Api.enc(sass.key)), 401, "KEY_EXPIRED");
        // a fresh key from the same template works
        assertThat(strict.withKey(Sass.key(strict, "p", id)).in("p").get(LIST).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ revocation

    @Test
    void deactivatingTheTemplateRevokesItsKeysAndReactivatingDoesNotRestoreThem() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        String key = Sass.key(server, "p", id);
        assertThat(list("p", key).status()).isEqualTo(200);
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"active\":false}").status()).isEqualTo(200);
        assertError(list("p", key), 401, "UNAUTHORIZED");
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"active\":true}").status()).isEqualTo(200);
        assertError(list("p", key), 401, "UNAUTHORIZED");
        assertThat(list("p", Sass.key(server, "p", id)).status()).isEqualTo(200);
    }

    @Test
    void anEditAppliesToTheLiveKeysAtOnceAndRevokesNothing() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        String key = Sass.key(server, "p", id);
        Api sass = server.withKey(key).in("p");
        assertThat(list("p", key).status()).isEqualTo(200);
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"description\":\"only the text changed\"}").status()).isEqualTo(200);
        assertThat(list("p", key).status()).as("a typo fixed cuts off no widget").isEqualTo(200);
        // loosened: the same key may upload on its next request
        assertError(sass.upload("/", "before.txt", "x"), 403, "PERMISSION_DENIED");
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"]}").status())
                .isEqualTo(200);
        assertThat(sass.upload("/", "after.txt", "x").status()).isEqualTo(200);
        // tightened: the same key is refused on its next request
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"permissions\":[\"FILE_UPLOAD\"]}").status()).isEqualTo(200);
        assertError(list("p", key), 403, "PERMISSION_DENIED");
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id,
                "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_ip_ranges\":[\"10.0.0.0/8\"]}}").status()).isEqualTo(200);
        assertError(list("p", key), 403, "IP_NOT_ALLOWED");
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"restrictions\":{}}").status()).isEqualTo(200);
        assertThat(list("p", key).status()).isEqualTo(200);
    }

    @Test
    void deletingTheTemplateRevokesItsKeys() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        String key = Sass.key(server, "p", id);
        assertThat(list("p", key).status()).isEqualTo(200);
        assertThat(p.admin.delete(templatesPath("p") + "/" + id).status()).isEqualTo(200);
        assertError(list("p", key), 401, "UNAUTHORIZED");
        assertError(server.anonymous.get("/p/v4/key/info?key=" + Api.enc(key)), 401, "UNAUTHORIZED");
    }

    @Test
    void oneKeyCanBeRevokedWhileItsSiblingsKeepWorking() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        JsonNode first = Sass.minted(server, "p", id);
        JsonNode second = Sass.minted(server, "p", id);
        String firstKey = first.path("key").asText();
        String secondKey = second.path("key").asText();
        assertThat(list("p", firstKey).status()).isEqualTo(200);

        Api.Response revoked = p.admin.delete("/admin/v1/projects/p/sass-keys/" + first.path("key_id").asText());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertError(list("p", firstKey), 401, "UNAUTHORIZED");
        assertError(server.anonymous.get("/p/v4/key/info?key=" + Api.enc(firstKey)), 401, "UNAUTHORIZED");
        assertThat(list("p", secondKey).status()).isEqualTo(200);
        assertThat(list("p", Sass.key(server, "p", id)).status()).isEqualTo(200);
    }

    @Test
    void revokingNeedsConfigChangeOnTheKeysProject() {
        JsonNode minted = Sass.minted(server, "p", template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}"));
        String keyId = minted.path("key_id").asText();
        Api reader = server.keyFor(List.of("p"), dev.assetgate.access.Permission.CONFIG_LIST);
        assertError(reader.delete("/admin/v1/projects/p/sass-keys/" + keyId), 403, "PERMISSION_DENIED");
        // an administrator of another project cannot revoke this project's keys, even knowing the key id
        Api otherAdmin = server.allKey("q");
        assertError(otherAdmin.delete("/admin/v1/projects/p/sass-keys/" + keyId), 403, "PROJECT_NOT_ALLOWED");
        otherAdmin.delete("/admin/v1/projects/q/sass-keys/" + keyId);
        assertThat(list("p", minted.path("key").asText()).status()).isEqualTo(200);
        // and its own project's administrator still can afterwards
        assertThat(p.admin.delete("/admin/v1/projects/p/sass-keys/" + keyId).status()).isEqualTo(200);
        assertError(list("p", minted.path("key").asText()), 401, "UNAUTHORIZED");
    }
}
