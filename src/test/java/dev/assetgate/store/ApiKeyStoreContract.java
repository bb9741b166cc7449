package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.store.jdbc.JdbcApiKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link ApiKeyStore} contract; every catalog engine runs it (see the subclasses). */
abstract class ApiKeyStoreContract extends StoreContract {
    private JdbcApiKeyStore keys;
    private String company;

    @BeforeEach
    void stores() {
        keys = new JdbcApiKeyStore(db);
        company = projects.defaultCompany().id();
    }

    private ApiKeyRecord key(boolean companyWide, Set<String> projectTokens, Instant expiresAt) {
        return new ApiKeyRecord(uniqueToken("key_"), company, "agsk_1a2b3c", "backend", PermissionSet.of(Permission.OBJECTS_LIST,
                Permission.FILE_UPLOAD), companyWide, new LinkedHashSet<>(projectTokens), true, expiresAt, clock.instant(), null);
    }

    @Test
    void aKeyIsFoundByIdAndByTheHashOfItsSecret() {
        String p1 = newProject();
        String p2 = newProject();
        ApiKeyRecord key = key(false, Set.of(p1, p2), Instant.parse("2099-01-01T00:00:00.123Z"));
        String hash = uniqueToken("hash");
        keys.create(key, hash);

        ApiKeyRecord found = keys.find(key.id()).orElseThrow();
        assertThat(found).isEqualTo(key);
        assertThat(found.projects()).containsExactlyInAnyOrder(p1, p2);
        assertThat(found.permissions().toStorage()).isEqualTo(key.permissions().toStorage());
        ApiKeyStore.StoredKey byHash = keys.findByHash(hash).orElseThrow();
        assertThat(byHash.key()).isEqualTo(key);
        assertThat(byHash.secretHash()).isEqualTo(hash);
        assertThat(keys.findByHash(hash + "0")).isEmpty();
        assertThat(keys.find("key_none")).isEmpty();
    }

    @Test
    void aCompanyWideKeyHasNoProjectListAndAllPermissionsSurvive() {
        ApiKeyRecord key = new ApiKeyRecord(uniqueToken("key_"), company, "agsk_00", "ops", PermissionSet.allPermissions(),
                true, new LinkedHashSet<>(), true, null, clock.instant(), null);
        keys.create(key, uniqueToken("hash"));
        ApiKeyRecord found = keys.find(key.id()).orElseThrow();
        assertThat(found.companyWide()).isTrue();
        assertThat(found.projects()).isEmpty();
        assertThat(found.expiresAt()).isNull();
        assertThat(found.permissions().toStorage()).isEqualTo(PermissionSet.allPermissions().toStorage());
    }

    @Test
    void listIsInCreationOrder() {
        String p = newProject();
        ApiKeyRecord first = key(false, Set.of(p), null);
        clock.advance(Duration.ofSeconds(1));
        ApiKeyRecord second = key(false, Set.of(p), null);
        keys.create(second, uniqueToken("hash"));
        keys.create(first, uniqueToken("hash"));
        List<String> ids = keys.list(company).stream().map(ApiKeyRecord::id).filter(id -> id.equals(first.id()) || id.equals(second.id())).toList();
        assertThat(ids).containsExactly(first.id(), second.id());
        assertThat(keys.list("another-company")).isEmpty();
    }

    @Test
    void updateReplacesTheMutableFieldsAndTheProjectList() {
        String p1 = newProject();
        String p2 = newProject();
        ApiKeyRecord key = key(false, Set.of(p1), null);
        keys.create(key, uniqueToken("hash"));
        ApiKeyRecord changed = new ApiKeyRecord(key.id(), company, key.secretHint(), "renamed", PermissionSet.of(Permission.FILE_DELETE),
                false, new LinkedHashSet<>(List.of(p2)), false, Instant.parse("2030-05-06T07:08:09.010Z"), key.createdAt(), null);
        keys.update(changed);
        assertThat(keys.find(key.id())).contains(changed);

        ApiKeyRecord companyWide = new ApiKeyRecord(key.id(), company, key.secretHint(), "renamed", PermissionSet.of(Permission.FILE_DELETE),
                true, new LinkedHashSet<>(List.of(p1)), true, null, key.createdAt(), null);
        keys.update(companyWide);
        assertThat(keys.find(key.id()).orElseThrow().projects()).as("company-wide keys keep no project list").isEmpty();
    }

    @Test
    void touchRecordsTheLastUse() {
        ApiKeyRecord key = key(false, Set.of(newProject()), null);
        keys.create(key, uniqueToken("hash"));
        Instant used = Instant.parse("2026-03-04T05:06:07.089Z");
        keys.touch(key.id(), used);
        assertThat(keys.find(key.id()).orElseThrow().lastUsedAt()).isEqualTo(used);
        keys.touch("key_none", used); // no such key: nothing happens
    }

    @Test
    void deleteRemovesTheKeyOnce() {
        ApiKeyRecord key = key(false, Set.of(newProject()), null);
        String hash = uniqueToken("hash");
        keys.create(key, hash);
        assertThat(keys.delete(key.id())).isTrue();
        assertThat(keys.find(key.id())).isEmpty();
        assertThat(keys.findByHash(hash)).isEmpty();
        assertThat(keys.delete(key.id())).isFalse();
    }

    @Test
    void theVersionMovesWithEveryChangeOfAccessHoweverMadeButNotWithUse() throws Exception {
        String project = newProject();
        ApiKeyRecord key = key(false, Set.of(project), null);
        keys.create(key, uniqueToken("hash"));
        long before = keys.version();

        keys.touch(key.id(), clock.instant());
        assertThat(keys.version()).as("a use is not a change of access").isEqualTo(before);

        long v = moved(before, () -> keys.update(withActive(key, false)));
        v = moved(v, () -> keys.update(withActive(key, true)));
        v = moved(v, () -> db.withConnection(c -> c.createStatement().executeUpdate(
                "UPDATE api_keys SET permissions = 'OBJECTS_LIST' WHERE id = '" + key.id() + "'"))); // by hand, as an operator might
        v = moved(v, () -> projects.delete(project)); // the key loses its only project
        moved(v, () -> keys.delete(key.id()));
    }

    private long moved(long before, ThrowingRunnable change) throws Exception {
        change.run();
        long after = keys.version();
        assertThat(after).isNotEqualTo(before);
        return after;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static ApiKeyRecord withActive(ApiKeyRecord k, boolean active) {
        return new ApiKeyRecord(k.id(), k.companyId(), k.secretHint(), k.description(), k.permissions(), k.companyWide(), k.projects(),
                active, k.expiresAt(), k.createdAt(), k.lastUsedAt());
    }
}
