package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.template;
import static dev.assetgate.templates.Sass.templatesPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.Cli;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a SASS key ends, tried from outside: "revoke all keys" of a template, a shortened validity, and
 * the keys minted inline with an API key (POST /{token}/key), which never outlive that key, die with
 * it, and are listed and revocable. Every refusal is audited with its internal reason, every key
 * minted is audited, and neither the reason nor the key ever leaks.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
// no clock leeway, so a shortened validity bites without waiting half a minute
@ServerSetting(key = Setting.SASS_CLOCK_LEEWAY_SECONDS, value = "0")
class KeyLifecycleTest {
    static final String LIST = "/v5/files?folder=/";
    static TestServer server;
    static TestProject p;
    static int projects;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        p = TestProject.create(server, "p");
        server.createProject("q");
    }

    private static Api.Response list(String key) {
        return server.withKey(key).in("p").get(LIST);
    }

    private static String listingTemplate() {
        return template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
    }

    /** An API key of project p holding CONFIG_CHANGE and OBJECTS_LIST, expiring at {@code expiresAt} (null: never). */
    private static Api minter(Instant expiresAt) {
        return server.key(false, List.of("p"), PermissionSet.of(Permission.CONFIG_CHANGE, Permission.OBJECTS_LIST), expiresAt);
    }

    private static JsonNode mintInline(Api minter, String body) {
        Api.Response r = minter.postJson("/p/key", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static List<JsonNode> events(String query) {
        Api.Response r = p.admin.get("/admin/v1/audit?limit=500&" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().path("events").forEach(out::add);
        return out;
    }

    /** The refusal recorded for a SASS key id (the last one). */
    private static JsonNode refusalOf(String sassKeyId) {
        return events("project=p&kind=request.refused").stream().filter(e -> sassKeyId.equals(e.path("sass_key_id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no refusal recorded for " + sassKeyId));
    }

    // ------------------------------------------------------------------ revoke all keys of a template

    @Test
    void revokeAllEndsEveryLiveKeyOfTheTemplateAndNothingElse() {
        String id = listingTemplate();
        String other = listingTemplate();
        String first = Sass.key(server, "p", id);
        String second = Sass.key(server, "p", id);
        String sibling = Sass.key(server, "p", other);
        long version = p.admin.get(templatesPath("p") + "/" + id).json().path("security_template").path("version").asLong();

        Api.Response r = p.admin.postJson(templatesPath("p") + "/" + id + "/revoke-keys", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("action").asText()).isEqualTo("security_template_keys_revoked");
        assertThat(r.json().path("security_template").path("version").asLong()).isGreaterThan(version);
        assertThat(r.json().path("security_template").path("active").asBoolean()).isTrue();

        assertError(list(first), 401, "UNAUTHORIZED");
        assertError(list(second), 401, "UNAUTHORIZED");
        assertThat(list(sibling).status()).as("another template's key").isEqualTo(200);
        assertThat(list(Sass.key(server, "p", id)).status()).as("the template keeps minting").isEqualTo(200);
        assertThat(events("project=p&kind=template.keys_revoked").stream().map(e -> e.path("template_id").asText())).contains(id);
    }

    @Test
    void revokeAllNeedsConfigChangeOnTheProjectAndAVisibleTemplate() {
        String id = listingTemplate();
        String key = Sass.key(server, "p", id);
        String path = templatesPath("p") + "/" + id + "/revoke-keys";
        assertError(server.keyFor(List.of("p"), Permission.CONFIG_LIST).postJson(path, ""), 403, "PERMISSION_DENIED");
        assertError(server.allKey("q").postJson(path, ""), 403, "PROJECT_NOT_ALLOWED");
        assertError(server.allKey("q").postJson(templatesPath("q") + "/" + id + "/revoke-keys", ""), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        // a key weaker than the template does not see it
        Api weak = server.keyFor(List.of("p"), Permission.CONFIG_CHANGE, Permission.CONFIG_LIST);
        assertError(weak.postJson(path, ""), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(p.admin.postJson(templatesPath("p") + "/SECU_00000000000000000000000000000000/revoke-keys", ""), 404,
                "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(server.withKey(key).postJson(path, ""), 403, "PERMISSION_DENIED");
        assertThat(list(key).status()).as("nothing was revoked by the refusals").isEqualTo(200);
    }

    @Test
    void aShortenedValidityAppliesToLiveKeys() throws InterruptedException {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"key_validity\":{\"expire_duration\":3600}}");
        String key = Sass.key(server, "p", id);
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"key_validity\":{\"expire_duration\":1}}").status()).isEqualTo(200);
        Thread.sleep(2100); // past issued + 1 s, whatever the second the key was minted in
        assertError(list(key), 401, "KEY_EXPIRED");
        assertThat(refusalOf(claimedKeyId(key)).path("detail").path("reason").asText()).isEqualTo("template_validity_shortened");
        // lengthened again: the key lives up to the expiry it was minted with, not beyond
        assertThat(p.admin.patchJson(templatesPath("p") + "/" + id, "{\"key_validity\":{\"expire_duration\":3600}}").status()).isEqualTo(200);
        assertThat(list(key).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ audit

    @Test
    void everyRefusalIsAuditedWithItsInternalReasonWhichNeverReachesTheWire() {
        String byId = Sass.key(server, "p", listingTemplate());
        assertThat(p.admin.delete("/admin/v1/projects/p/sass-keys/" + claimedKeyId(byId)).status()).isEqualTo(200);
        String allRevoked = Sass.key(server, "p", listingTemplate());
        p.admin.postJson(templatesPath("p") + "/" + claimedTemplate(allRevoked) + "/revoke-keys", "");
        String deleted = Sass.key(server, "p", listingTemplate());
        p.admin.delete(templatesPath("p") + "/" + claimedTemplate(deleted));
        String inactive = Sass.key(server, "p", listingTemplate());
        p.admin.patchJson(templatesPath("p") + "/" + claimedTemplate(inactive), "{\"active\":false}");

        Map<String, String> expected = Map.of(byId, "revoked_by_id", allRevoked, "template_keys_revoked", deleted, "template_deleted",
                inactive, "template_inactive");
        expected.forEach((key, reason) -> {
            Api.Response r = list(key);
            assertError(r, 401, "UNAUTHORIZED");
            assertThat(r.text()).doesNotContain("reason").doesNotContain(reason);
            JsonNode refusal = refusalOf(claimedKeyId(key));
            assertThat(refusal.path("rule").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(refusal.path("detail").path("reason").asText()).as(reason).isEqualTo(reason);
        });

        // forged: the last character of the MAC changed
        String forged = byId.substring(0, byId.length() - 1) + (byId.endsWith("A") ? "B" : "A");
        Api.Response r = list(forged);
        assertError(r, 401, "UNAUTHORIZED");
        assertThat(r.text()).doesNotContain("forged");
        assertThat(events("project=p&kind=request.refused").stream().map(e -> e.path("detail").path("reason").asText())).contains("forged");
        assertThat(p.admin.get("/admin/v1/audit?limit=500&project=p").text()).doesNotContain(byId).doesNotContain(forged);
    }

    @Test
    void everyKeyMintedIsAuditedWithoutTheKeyItself() {
        String id = listingTemplate();
        JsonNode exchanged = Sass.minted(server, "p", id);
        Api minter = minter(null);
        JsonNode inline = mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"]}");

        List<JsonNode> minted = events("project=p&kind=sass_key.minted");
        JsonNode viaExchange = minted.stream().filter(e -> exchanged.path("key_id").asText().equals(e.path("sass_key_id").asText()))
                .findFirst().orElseThrow();
        assertThat(viaExchange.path("template_id").asText()).isEqualTo(id);
        assertThat(viaExchange.path("key_id").isNull()).isTrue();
        assertThat(viaExchange.path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(viaExchange.path("detail").path("via").asText()).isEqualTo("exchange");
        assertThat(viaExchange.path("detail").path("expires_at").asText()).isEqualTo(exchanged.path("key_validity").path("expires_at").asText());
        JsonNode viaInline = minted.stream().filter(e -> inline.path("key_id").asText().equals(e.path("sass_key_id").asText()))
                .findFirst().orElseThrow();
        assertThat(viaInline.path("key_id").asText()).as("the API key that minted it").isEqualTo(minter.keyId);
        assertThat(viaInline.path("detail").path("via").asText()).isEqualTo("inline");
        assertThat(p.admin.get("/admin/v1/audit?limit=500&project=p").text()).doesNotContain(exchanged.path("key").asText())
                .doesNotContain(inline.path("key").asText());
    }

    // ------------------------------------------------------------------ D1: inline keys never outlive their API key

    @Test
    void anInlineKeyNeverOutlivesTheApiKeyThatMintedIt() throws InterruptedException {
        Instant apiKeyExpiry = Instant.now().plusSeconds(3);
        Api minter = minter(apiKeyExpiry);
        JsonNode minted = mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"],\"key_validity\":{\"expire_duration\":604800}}");
        Instant expires = Instant.parse(minted.path("key_validity").path("expires_at").asText());
        assertThat(expires).as("capped at the API key's expiry").isBeforeOrEqualTo(apiKeyExpiry);
        assertThat(minted.path("key_validity").path("expire_duration").asLong()).isLessThanOrEqualTo(3000);
        String key = minted.path("key").asText();
        assertThat(list(key).status()).isEqualTo(200);
        assertThat(Instant.parse(server.anonymous.get("/p/v4/key/info?key=" + Api.enc(key)).json().path("expires_at").asText()))
                .isBeforeOrEqualTo(apiKeyExpiry);

        Thread.sleep(Math.max(0, apiKeyExpiry.toEpochMilli() - System.currentTimeMillis()) + 1100);
        assertThat(list(key).status()).isEqualTo(401);
        // an API key without expiry mints with the template's own validity
        JsonNode unbounded = mintInline(minter(null), "{\"permissions\":[\"OBJECTS_LIST\"],\"key_validity\":{\"expire_duration\":604800}}");
        assertThat(unbounded.path("key_validity").path("expire_duration").asLong()).isEqualTo(604_800_000L);
    }

    // ------------------------------------------------------------------ D2: inline keys die with their API key, listed, revocable

    @Test
    void inlineKeysDieWithTheirApiKeyDeleted() {
        Api minter = minter(null);
        String key = mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"]}").path("key").asText();
        String fromTemplate = Sass.key(server, "p", listingTemplate());
        assertThat(list(key).status()).isEqualTo(200);

        assertThat(p.admin.delete("/admin/v1/keys/" + minter.keyId).status()).isEqualTo(200);

        assertError(list(key), 401, "UNAUTHORIZED");
        assertError(server.anonymous.get("/p/v4/key/info?key=" + Api.enc(key)), 401, "UNAUTHORIZED");
        assertThat(refusalOf(claimedKeyId(key)).path("detail").path("reason").asText()).isEqualTo("api_key_gone");
        assertThat(list(fromTemplate).status()).as("template keys are not the API key's").isEqualTo(200);
    }

    @Test
    void inlineKeysDieWithTheirApiKeyDeactivatedAndStayDeadWhenItIsReactivated() {
        Api minter = minter(null);
        String key = mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"]}").path("key").asText();
        Api other = minter(null);
        String othersKey = mintInline(other, "{\"permissions\":[\"OBJECTS_LIST\"]}").path("key").asText();

        assertThat(p.admin.patchJson("/admin/v1/keys/" + minter.keyId, "{\"active\":false}").status()).isEqualTo(200);
        assertError(list(key), 401, "UNAUTHORIZED");
        assertThat(list(othersKey).status()).as("another API key's inline key").isEqualTo(200);

        assertThat(p.admin.patchJson("/admin/v1/keys/" + minter.keyId, "{\"active\":true}").status()).isEqualTo(200);
        assertError(list(key), 401, "UNAUTHORIZED");
        assertThat(refusalOf(claimedKeyId(key)).path("detail").path("reason").asText()).isEqualTo("api_key_gone");
        // the reactivated key mints working keys again
        assertThat(list(mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"]}").path("key").asText()).status()).isEqualTo(200);
        // an unrelated change of the API key ends nothing
        assertThat(p.admin.patchJson("/admin/v1/keys/" + other.keyId, "{\"description\":\"renamed\"}").status()).isEqualTo(200);
        assertThat(list(othersKey).status()).isEqualTo(200);
    }

    @Test
    void theOperatorListsAndRevokesTheKeysAnApiKeyMinted() {
        Api minter = minter(null);
        JsonNode first = mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        JsonNode second = mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        String path = "/admin/v1/keys/" + minter.keyId + "/sass-keys";

        Api.Response listed = p.admin.get(path);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().path("sass_keys")).extracting(k -> k.path("key_id").asText())
                .containsExactlyInAnyOrder(first.path("key_id").asText(), second.path("key_id").asText());
        JsonNode entry = listed.json().path("sass_keys").get(0);
        assertThat(entry.path("project").asText()).isEqualTo("p");
        assertThat(entry.path("minted_by").asText()).isEqualTo(minter.keyId);
        assertThat(entry.path("revoked").asBoolean()).isFalse();
        assertThat(entry.path("expires_at").asText()).isNotEmpty();
        assertThat(listed.text()).doesNotContain(first.path("key").asText());

        Api.Response revoked = p.admin.delete(path + "/" + first.path("key_id").asText());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertError(list(first.path("key").asText()), 401, "UNAUTHORIZED");
        assertThat(list(second.path("key").asText()).status()).isEqualTo(200);
        assertThat(p.admin.get(path).json().path("sass_keys")).filteredOn(k -> k.path("revoked").asBoolean())
                .extracting(k -> k.path("key_id").asText()).containsExactly(first.path("key_id").asText());
        assertThat(events("project=p&kind=sass_key.revoked").stream().map(e -> e.path("sass_key_id").asText()))
                .contains(first.path("key_id").asText());
    }

    @Test
    void listingAndRevokingMintedKeysIsRefusedToWhoeverMayNotManageTheApiKey() {
        Api minter = minter(null);
        JsonNode minted = mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        String key = minted.path("key").asText();
        String path = "/admin/v1/keys/" + minter.keyId + "/sass-keys";
        String revoke = path + "/" + minted.path("key_id").asText();

        Api reader = server.keyFor(List.of("p"), Permission.CONFIG_LIST);
        assertError(reader.get(path), 404, "KEY_NOT_FOUND"); // the minter is stronger than the reader: invisible
        Api listOnly = server.key(false, List.of("p"),
                PermissionSet.of(Permission.CONFIG_LIST, Permission.CONFIG_CHANGE, Permission.OBJECTS_LIST), null);
        assertThat(listOnly.get(path).status()).isEqualTo(200);
        assertError(reader.delete(revoke), 403, "PERMISSION_DENIED"); // revoking needs CONFIG_CHANGE
        assertError(server.allKey("q").get(path), 404, "KEY_NOT_FOUND"); // another project's administrator
        assertError(server.allKey("q").delete(revoke), 404, "KEY_NOT_FOUND");
        assertError(server.withKey(key).get(path), 403, "PERMISSION_DENIED"); // a SASS key manages nothing
        // a key id the API key did not mint: unknown, and that other key keeps working
        Api other = minter(null);
        JsonNode notMine = mintInline(other, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        assertError(p.admin.delete(path + "/" + notMine.path("key_id").asText()), 404, "KEY_NOT_FOUND");
        assertError(p.admin.delete(path + "/sk_000000000000000000000000"), 404, "KEY_NOT_FOUND");
        assertThat(list(notMine.path("key").asText()).status()).isEqualTo(200);
        assertThat(list(key).status()).as("nothing was revoked by the refusals").isEqualTo(200);
    }

    // ------------------------------------------------------------------ the CLI, beside a running server

    @Test
    void theCliRevokesATemplatesKeysListsAndRevokesInlineKeysAndEndsThemWithTheirApiKey() throws Exception {
        String id = listingTemplate();
        String fromTemplate = Sass.key(server, "p", id);
        Cli.Run revokedAll = Cli.run(server.dataDir, "template", "revoke-keys", id);
        assertThat(revokedAll.exit()).as(revokedAll.err()).isZero();
        awaitRefused(fromTemplate); // another process: the server notices within a second
        assertThat(list(Sass.key(server, "p", id)).status()).isEqualTo(200);

        Api minter = minter(null);
        JsonNode first = mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        JsonNode second = mintInline(minter, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        Cli.Run listed = Cli.run(server.dataDir, "key", "sass-keys", minter.keyId);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(first.path("key_id").asText()).contains(second.path("key_id").asText())
                .doesNotContain(first.path("key").asText());

        Cli.Run revoked = Cli.run(server.dataDir, "key", "revoke-sass-key", minter.keyId, first.path("key_id").asText());
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        awaitRefused(first.path("key").asText());
        assertThat(list(second.path("key").asText()).status()).isEqualTo(200);
        assertThat(Cli.run(server.dataDir, "key", "revoke-sass-key", minter.keyId, "sk_000000000000000000000000").exit()).isEqualTo(1);

        Cli.Run deactivated = Cli.run(server.dataDir, "key", "deactivate", minter.keyId);
        assertThat(deactivated.exit()).as(deactivated.err()).isZero();
        awaitRefused(second.path("key").asText());
        assertThat(Cli.run(server.dataDir, "key", "activate", minter.keyId).exit()).isZero();
        Thread.sleep(1100);
        assertError(list(second.path("key").asText()), 401, "UNAUTHORIZED");
    }

    private static void awaitRefused(String key) throws InterruptedException {
        long deadline = System.nanoTime() + 1_500_000_000L;
        while (list(key).status() == 200) {
            assertThat(System.nanoTime()).as("refused within a second or so").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertError(list(key), 401, "UNAUTHORIZED");
    }

    // ------------------------------------------------------------------ helpers

    /** The claims of a key are signed, not encrypted: tab-separated project, template, version, issued, expires, key id. */
    private static String[] claims(String key) {
        return new String(java.util.Base64.getUrlDecoder().decode(key.split("\\.")[2]), java.nio.charset.StandardCharsets.UTF_8)
                .split("\t");
    }

    private static String claimedTemplate(String key) {
        return claims(key)[1];
    }

    private static String claimedKeyId(String key) {
        return claims(key)[5];
    }
}
