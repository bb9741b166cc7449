package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.ApiKeyService;
import dev.assetgate.access.KeyHasher;
import dev.assetgate.access.NewKey;
import dev.assetgate.access.Permission;
import dev.assetgate.console.ConsoleSession;
import dev.assetgate.console.SessionService;
import dev.assetgate.error.ApiException;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.store.SessionStore.StoredSession;
import dev.assetgate.store.jdbc.JdbcApiKeyStore;
import dev.assetgate.store.jdbc.JdbcSessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link SessionStore} contract; every catalog engine runs it (see the subclasses). */
abstract class SessionStoreContract extends StoreContract {
    private JdbcSessionStore sessions;
    private JdbcApiKeyStore keys;

    @BeforeEach
    void stores() {
        sessions = new JdbcSessionStore(db);
        keys = new JdbcApiKeyStore(db);
    }

    private String newKey() {
        ApiKeyRecord key = new ApiKeyRecord(uniqueToken("key_"), projects.defaultCompany().id(), "agsk_1a2b3c", "console",
                PermissionSet.of(Permission.CONFIG_LIST), false, new LinkedHashSet<>(Set.of(newProject())), true, null, clock.instant(), null);
        keys.create(key, uniqueToken("hash"));
        return key.id();
    }

    private StoredSession session(String keyId, Instant lastSeen, Duration max) {
        Instant now = clock.instant();
        return new StoredSession(uniqueToken("h"), keyId, now, lastSeen, now.plus(max));
    }

    @Test
    void aSessionIsFoundByItsHashAndDeletedOnce() {
        StoredSession s = session(newKey(), clock.instant(), Duration.ofHours(12));
        sessions.create(s);
        assertThat(sessions.find(s.idHash())).contains(s);
        assertThat(sessions.find(uniqueToken("h"))).isEmpty();
        assertThat(sessions.delete(s.idHash())).isTrue();
        assertThat(sessions.delete(s.idHash())).isFalse();
        assertThat(sessions.find(s.idHash())).isEmpty();
    }

    @Test
    void touchMovesTheIdleClockForwardOnly() {
        StoredSession s = session(newKey(), clock.instant(), Duration.ofHours(12));
        sessions.create(s);
        Instant later = clock.instant().plusSeconds(60);
        sessions.touch(s.idHash(), later);
        sessions.touch(s.idHash(), clock.instant().plusSeconds(30)); // a slower node refreshing late
        assertThat(sessions.find(s.idHash()).orElseThrow().lastSeenAt()).isEqualTo(later);
    }

    @Test
    void deleteExpiredRemovesIdleAndTooOldSessionsOnly() {
        String key = newKey();
        Instant now = clock.instant();
        StoredSession fresh = session(key, now, Duration.ofHours(12));
        StoredSession idle = session(key, now.minus(Duration.ofHours(1)), Duration.ofHours(12));
        StoredSession old = session(key, now, Duration.ofMinutes(-1));
        sessions.create(fresh);
        sessions.create(idle);
        sessions.create(old);
        assertThat(sessions.deleteExpired(now, now.minus(Duration.ofMinutes(30)))).isGreaterThanOrEqualTo(2);
        assertThat(sessions.find(fresh.idHash())).isPresent();
        assertThat(sessions.find(idle.idHash())).isEmpty();
        assertThat(sessions.find(old.idHash())).isEmpty();
    }

    @Test
    void theIdleTimeoutIsRefreshedByUseAndTheAbsoluteEndIsNot() {
        byte[] secret = "a-server-secret-of-at-least-32-characters".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ApiKeyService keyService = new ApiKeyService(keys, projects, new KeyHasher(secret), clock);
        String key = keyService.create(new NewKey("console", PermissionSet.of(Permission.CONFIG_CHANGE), false,
                new LinkedHashSet<>(Set.of(newProject())), null), projects.defaultCompany().id(), java.util.Optional.empty()).secret();
        SessionService service = new SessionService(sessions, keyService, secret, clock, Duration.ofMinutes(30), Duration.ofHours(2));

        SessionService.Opened busy = service.open(key);
        assertThat(busy.session().readOnly()).isFalse();
        for (int i = 0; i < 5; i++) { // 100 minutes of use, never 30 idle
            clock.advance(Duration.ofMinutes(20));
            ConsoleSession live = service.resolve(busy.id());
            assertThat(live.csrfToken()).isEqualTo(busy.session().csrfToken());
            Instant idleEnd = clock.instant().plus(Duration.ofMinutes(30));
            Instant end = busy.session().endsAt();
            assertThat(live.expiresAt()).as("idle end, never past the absolute end").isEqualTo(idleEnd.isBefore(end) ? idleEnd : end);
        }
        clock.advance(Duration.ofMinutes(20)); // 2 h after sign-in
        assertThat(expired(() -> service.resolve(busy.id()))).isEqualTo("SESSION_EXPIRED");

        SessionService.Opened idle = service.open(key);
        clock.advance(Duration.ofMinutes(29));
        assertThat(service.resolve(idle.id()).key().id()).isNotEmpty();
        clock.advance(Duration.ofMinutes(31));
        assertThat(expired(() -> service.resolve(idle.id()))).isEqualTo("SESSION_EXPIRED");
        assertThat(expired(() -> service.resolve("x".repeat(43)))).isEqualTo("SESSION_EXPIRED");
    }

    private static String expired(Runnable call) {
        try {
            call.run();
            return "no error";
        } catch (ApiException e) {
            return e.error.name();
        }
    }

    @Test
    void deletingTheKeyDeletesItsSessions() {
        String key = newKey();
        StoredSession s = session(key, clock.instant(), Duration.ofHours(12));
        sessions.create(s);
        assertThat(keys.delete(key)).isTrue();
        assertThat(sessions.find(s.idHash())).isEmpty();
    }
}
