package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.http.Json;
import dev.assetgate.store.jdbc.JdbcTemplateStore;
import dev.assetgate.templates.SecurityTemplate;
import dev.assetgate.templates.TemplateSpec;
import dev.assetgate.templates.TemplateStore;
import java.time.Duration;
import java.time.Instant;
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
        return new SecurityTemplate("SECU_" + uniqueToken("").toUpperCase(), project, 1, inline, spec(json), clock.instant(), clock.instant());
    }

    @Test
    void createFindAndListLeavingInlineTemplatesOut() {
        String project = newProject();
        SecurityTemplate first = template(project, false,
                "{\"description\":\"widget\",\"permissions\":[\"OBJECTS_LIST\"],\"upload\":{\"dir_scope\":[\"/uploads/*\"],\"max\":5}}");
        templates.create(first, "key_creator");
        clock.advance(Duration.ofSeconds(1));
        SecurityTemplate inline = template(project, true, "{\"permissions\":[\"FILE_UPLOAD\"]}");
        templates.create(inline, "key_creator");
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

        SecurityTemplate updated = templates.update(t.id(), spec("{\"description\":\"v2\",\"active\":false}")).orElseThrow();
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.spec().description()).isEqualTo("v2");
        assertThat(updated.active()).isFalse();
        assertThat(updated.createdAt()).isEqualTo(t.createdAt());
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(templates.update(t.id(), spec("{}")).orElseThrow().version()).isEqualTo(3);
        assertThat(templates.find(t.id()).orElseThrow().version()).isEqualTo(3);
        assertThat(templates.update("SECU_NONE", spec("{}"))).isEmpty();
    }

    @Test
    void versionsFollowChangesAndDeletes() {
        String project = newProject();
        SecurityTemplate a = template(project, false, "{}");
        SecurityTemplate b = template(project, true, "{}");
        templates.create(a, "cli");
        templates.create(b, "cli");
        templates.update(a.id(), spec("{\"description\":\"x\"}"));
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

    private static TemplateStore.RevokedKey revoked(String project, String keyId) {
        return new TemplateStore.RevokedKey(project, keyId);
    }
}
