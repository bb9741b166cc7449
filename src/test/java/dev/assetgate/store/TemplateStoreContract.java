package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.PermissionSet;
import dev.assetgate.http.Json;
import dev.assetgate.store.jdbc.JdbcApiKeyStore;
import dev.assetgate.store.jdbc.JdbcTemplateStore;
import dev.assetgate.templates.SecurityTemplate;
import dev.assetgate.templates.TemplateSpec;
import dev.assetgate.templates.TemplateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link dev.assetgate.templates.TemplateStore} contract; every catalog engine runs it (see the subclasses). */
abstract class TemplateStoreContract extends StoreContract {
    private JdbcTemplateStore templates;

    @BeforeEach
    void store() {
        templates = new JdbcTemplateStore(db, clock);
    }

    private static TemplateSpec spec(String json) {
        return TemplateSpec.parse(Json.parseStored(json));
    }

    private SecurityTemplate template(String project, boolean inline, String json) {
        return new SecurityTemplate("SECU_" + uniqueToken("").toUpperCase(), project, 1, 1, inline, false, spec(json), clock.instant(),
                clock.instant());
    }

    /** An API key of the default company, active, expiring at {@code expiresAt} (null: never). */
    private ApiKeyRecord apiKey(Instant expiresAt) {
        ApiKeyRecord key = new ApiKeyRecord(uniqueToken("key_"), projects.defaultCompany().id(), "agsk_12", "k",
                PermissionSet.allPermissions(), true, Set.of(), true, expiresAt, clock.instant(), null);
        new JdbcApiKeyStore(db).create(key, uniqueToken("hash"));
        return key;
    }

    @Test
    void createFindAndListLeavingInlineTemplatesOut() {
        String project = newProject();
        SecurityTemplate first = template(project, false,
                "{\"description\":\"widget\",\"permissions\":[\"OBJECTS_LIST\"],\"upload\":{\"dir_scope\":[\"/uploads/*\"],\"max\":5}}");
        String creator = apiKey(null).id();
        templates.create(first, creator);
        clock.advance(Duration.ofSeconds(1));
        SecurityTemplate inline = template(project, true, "{\"permissions\":[\"FILE_UPLOAD\"]}");
        templates.create(inline, creator);
        clock.advance(Duration.ofSeconds(1));
        SecurityTemplate second = template(project, false, "{\"description\":\"second\"}");
        templates.create(second, "cli");
        templates.create(template(newProject(), false, "{}"), "cli");

        assertThat(templates.find(first.id())).contains(first);
        assertThat(templates.find(inline.id())).contains(inline);
        assertThat(templates.find("SECU_NONE")).isEmpty();
        assertThat(templates.list(project)).containsExactly(first, second);
    }

    @Test
    void updateReplacesTheSpecAndBumpsTheVersion() {
        String project = newProject();
        SecurityTemplate t = template(project, false, "{\"description\":\"v1\"}");
        templates.create(t, "cli");
        Instant later = clock.advance(Duration.ofMinutes(5));

        SecurityTemplate updated = templates.update(t.id(), spec("{\"description\":\"v2\",\"active\":false}"), false).orElseThrow();
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.spec().description()).isEqualTo("v2");
        assertThat(updated.active()).isFalse();
        assertThat(updated.createdAt()).isEqualTo(t.createdAt());
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(updated.keysValidFrom()).as("an edit keeps the keys").isEqualTo(1);
        SecurityTemplate ended = templates.update(t.id(), spec("{}"), true).orElseThrow();
        assertThat(ended.version()).isEqualTo(3);
        assertThat(ended.keysValidFrom()).as("ending the keys: only those of this version on").isEqualTo(3);
        assertThat(ended.keeps(2)).isFalse();
        assertThat(templates.update(t.id(), spec("{}"), false).orElseThrow().keysValidFrom()).isEqualTo(3);
        assertThat(templates.find(t.id()).orElseThrow().version()).isEqualTo(4);
        assertThat(templates.update("SECU_NONE", spec("{}"), false)).isEmpty();
    }

    @Test
    void versionsFollowChangesAndDeletes() {
        String project = newProject();
        SecurityTemplate a = template(project, false, "{}");
        SecurityTemplate b = template(project, true, "{}");
        templates.create(a, "cli");
        templates.create(b, apiKey(null).id());
        templates.update(a.id(), spec("{\"description\":\"x\"}"), false);
        assertThat(templates.versions()).containsEntry(a.id(), 2L).containsEntry(b.id(), 1L);

        assertThat(templates.delete(a.id())).isTrue();
        assertThat(templates.delete(a.id())).isFalse();
        assertThat(templates.find(a.id())).isEmpty();
        assertThat(templates.versions()).doesNotContainKey(a.id()).containsKey(b.id());
    }

    @Test
    void revokedKeysStayListedUntilTheyExpireAndExpiredOnesArePurged() {
        String project = newProject();
        Instant now = clock.instant();
        String soon = uniqueToken("sass_");
        String later = uniqueToken("sass_");
        templates.revokeKey(soon, project, now.plusSeconds(60));
        templates.revokeKey(later, project, now.plusSeconds(3600));
        templates.revokeKey(later, project, now.plusSeconds(3600)); // twice: no error, one row

        assertThat(templates.revokedKeys(now)).contains(revoked(project, soon), revoked(project, later)).doesNotHaveDuplicates();
        assertThat(templates.revokedKeys(now.plusSeconds(120))).contains(revoked(project, later)).doesNotContain(revoked(project, soon));

        // Once expired, the next revocation removes the row for good (it matters no more).
        clock.advance(Duration.ofSeconds(120));
        templates.revokeKey(uniqueToken("sass_"), project, clock.instant().plusSeconds(60));
        assertThat(templates.revokedKeys(now)).contains(revoked(project, later)).doesNotContain(revoked(project, soon));
    }

    @Test
    void aRevocationBelongsToItsProject() {
        String mine = newProject();
        String theirs = newProject();
        String key = uniqueToken("sass_");
        Instant now = clock.instant();
        templates.revokeKey(key, theirs, now.plusSeconds(60));
        templates.revokeKey(key, mine, now.plusSeconds(60)); // not pre-empted by the other project's row
        assertThat(templates.revokedKeys(now)).contains(revoked(mine, key), revoked(theirs, key));
    }

    @Test
    void anInlineTemplateWhoseApiKeyIsGoneSaysSoAndChangesItsStamp() {
        String project = newProject();
        JdbcApiKeyStore keys = new JdbcApiKeyStore(db);
        ApiKeyRecord deleted = apiKey(null);
        ApiKeyRecord deactivated = apiKey(null);
        ApiKeyRecord expiring = apiKey(clock.instant().plusSeconds(60));
        SecurityTemplate a = template(project, true, "{}");
        SecurityTemplate b = template(project, true, "{}");
        SecurityTemplate c = template(project, true, "{}");
        templates.create(a, deleted.id());
        templates.create(b, deactivated.id());
        templates.create(c, expiring.id());
        assertThat(java.util.stream.Stream.of(a, b, c).map(t -> templates.find(t.id()).orElseThrow().minterGone())).containsOnly(false);

        keys.delete(deleted.id());
        keys.update(new ApiKeyRecord(deactivated.id(), deactivated.companyId(), deactivated.secretHint(), deactivated.description(),
                deactivated.permissions(), true, Set.of(), false, null, deactivated.createdAt(), null));
        clock.advance(Duration.ofSeconds(61));

        for (SecurityTemplate t : java.util.List.of(a, b, c)) {
            assertThat(templates.find(t.id()).orElseThrow().minterGone()).as(t.id()).isTrue();
            assertThat(templates.versions()).as("the stamp changes, so caches drop the entry").containsEntry(t.id(), -1L);
        }
    }

    @Test
    void endingTheKeysOfATemplateKeepsItsRules() {
        SecurityTemplate t = template(newProject(), false, "{\"description\":\"kept\",\"permissions\":[\"OBJECTS_LIST\"]}");
        templates.create(t, "cli");
        templates.update(t.id(), spec("{\"description\":\"kept\",\"permissions\":[\"OBJECTS_LIST\"]}"), false);
        SecurityTemplate ended = templates.endKeys(t.id()).orElseThrow();
        assertThat(ended.version()).isEqualTo(3);
        assertThat(ended.keeps(2)).isFalse();
        assertThat(ended.keeps(3)).isTrue();
        assertThat(ended.spec()).isEqualTo(templates.find(t.id()).orElseThrow().spec());
        assertThat(ended.spec().description()).isEqualTo("kept");
        assertThat(templates.endKeys("SECU_NONE")).isEmpty();
    }

    @Test
    void endingAnApiKeysInlineKeysMovesOnlyItsTemplates() {
        String project = newProject();
        ApiKeyRecord minter = apiKey(null);
        SecurityTemplate mine = template(project, true, "{}");
        SecurityTemplate other = template(project, true, "{}");
        templates.create(mine, minter.id());
        templates.create(other, apiKey(null).id());
        templates.endInlineKeys(minter.id());
        assertThat(templates.find(mine.id()).orElseThrow().keeps(1)).isFalse();
        assertThat(templates.find(other.id()).orElseThrow().keeps(1)).isTrue();
    }

    @Test
    void inlineKeysAreListedPerApiKeyUntilTheyExpireThenPurged() {
        String project = newProject();
        ApiKeyRecord minter = apiKey(null);
        Instant now = clock.instant();
        SecurityTemplate shortLived = template(project, true, "{}");
        SecurityTemplate longLived = template(project, true, "{}");
        templates.create(shortLived, minter.id());
        templates.create(longLived, minter.id());
        TemplateStore.InlineKey soon = new TemplateStore.InlineKey(uniqueToken("sk_"), shortLived.id(), project, minter.id(), now,
                now.plusSeconds(60));
        TemplateStore.InlineKey later = new TemplateStore.InlineKey(uniqueToken("sk_"), longLived.id(), project, minter.id(),
                now.plusSeconds(1), now.plusSeconds(3600));
        templates.recordInlineKey(soon, now);
        templates.recordInlineKey(later, now);

        assertThat(templates.inlineKeys(minter.id(), now)).containsExactly(later, soon);
        assertThat(templates.inlineKeys("key_other", now)).isEmpty();
        assertThat(templates.inlineKeys(minter.id(), now.plusSeconds(120))).containsExactly(later);

        // the next key minted purges the inline templates whose key expired (with their key rows)
        SecurityTemplate next = template(project, true, "{}");
        templates.create(next, minter.id());
        templates.recordInlineKey(new TemplateStore.InlineKey(uniqueToken("sk_"), next.id(), project, minter.id(), now, now.plusSeconds(600)),
                now.plusSeconds(120));
        assertThat(templates.find(shortLived.id())).isEmpty();
        assertThat(templates.find(longLived.id())).isPresent();
        assertThat(templates.inlineKeys(minter.id(), now)).extracting(TemplateStore.InlineKey::templateId)
                .containsExactly(longLived.id(), next.id());
    }

    private static TemplateStore.RevokedKey revoked(String project, String keyId) {
        return new TemplateStore.RevokedKey(project, keyId);
    }
}
