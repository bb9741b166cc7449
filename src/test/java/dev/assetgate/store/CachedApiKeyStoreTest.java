package dev.assetgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.PermissionSet;
import dev.assetgate.limits.InvalidationFeed;
import dev.assetgate.limits.LocalInvalidationFeed;
import dev.assetgate.store.jdbc.JdbcApiKeyStore;
import dev.assetgate.support.TestServer;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API-key cache over the real catalog (the one this run configures): what it remembers, for how
 * long, what makes it forget, and that unknown keys never fill it. Time is the test's; the catalog
 * reads behind the cache are counted.
 */
class CachedApiKeyStoreTest extends StoreContract {
    private static final int BOUND = 5;
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final InvalidationFeed feed = new LocalInvalidationFeed();
    private JdbcApiKeyStore catalog;
    private CachedApiKeyStore cache;
    private String company;

    @Override
    protected TestCatalog openCatalog() {
        return TestServer.onPostgres() ? TestCatalog.postgres() : TestCatalog.sqlite();
    }

    @BeforeEach
    void stores() {
        catalog = new JdbcApiKeyStore(db);
        company = projects.defaultCompany().id();
        cache = new CachedApiKeyStore(new CountingStore(catalog), feed, now::get, BOUND);
    }

    @Test
    void aKnownKeyIsReadOnceAndThenServedFromMemory() {
        String hash = newKey(true);
        assertThat(cache.findByHash(hash)).isPresent();
        int after = reads.get();
        for (int i = 0; i < 100; i++) assertThat(cache.findByHash(hash)).isPresent();
        assertThat(reads.get()).as("no catalog read within the second").isEqualTo(after);
        now.addAndGet(CachedApiKeyStore.REVALIDATE.toNanos());
        assertThat(cache.findByHash(hash)).isPresent();
        assertThat(reads.get()).as("one version read a second, the key itself not reread").isEqualTo(after + 1);
    }

    @Test
    void aChangeBehindItsBackIsSeenOnceASecondHasPassedAndNotBefore() {
        String hash = newKey(true);
        ApiKeyRecord key = cache.findByHash(hash).orElseThrow().key();

        catalog.update(withActive(key, false)); // another process: no message, only the version moves
        now.addAndGet(CachedApiKeyStore.REVALIDATE.toNanos() - 1);
        assertThat(cache.findByHash(hash).orElseThrow().key().active()).as("still within the second").isTrue();
        now.addAndGet(1);
        assertThat(cache.findByHash(hash).orElseThrow().key().active()).isFalse();
    }

    @Test
    void aChangeThroughItOrAnnouncedOnTheFeedIsSeenOnTheNextLookup() {
        String hash = newKey(true);
        ApiKeyRecord key = cache.findByHash(hash).orElseThrow().key();

        cache.update(withActive(key, false));
        assertThat(cache.findByHash(hash).orElseThrow().key().active()).isFalse();

        catalog.update(withActive(key, true)); // another node...
        feed.publish(InvalidationFeed.API_KEY_PREFIX + key.id()); // ...that said so
        assertThat(cache.findByHash(hash).orElseThrow().key().active()).isTrue();

        cache.delete(key.id());
        assertThat(cache.findByHash(hash)).isEmpty();
    }

    @Test
    void aDeletedProjectIsForgottenOnTheNextLookup() {
        String project = newProject();
        String hash = uniqueToken("hash");
        catalog.create(key(false, Set.of(project)), hash);
        assertThat(cache.findByHash(hash).orElseThrow().key().projects()).containsExactly(project);

        projects.delete(project);
        cache.projectDeleted(project);
        assertThat(cache.findByHash(hash).orElseThrow().key().projects()).isEmpty();
    }

    @Test
    void unknownKeysAreNeverRememberedAndKnownOnesAreBounded() {
        for (int i = 0; i < 1000; i++) assertThat(cache.findByHash(uniqueToken("unknown"))).isEmpty();
        assertThat(cache.size()).isZero();

        String hash = uniqueToken("later");
        assertThat(cache.findByHash(hash)).isEmpty();
        catalog.create(key(true, Set.of()), hash);
        assertThat(cache.findByHash(hash)).as("created elsewhere: found at once").isPresent();

        for (int i = 0; i < 3 * BOUND; i++) {
            assertThat(cache.findByHash(newKey(true))).isPresent();
            assertThat(cache.size()).isLessThanOrEqualTo(BOUND);
        }
    }

    @Test
    void aUseIsRecordedOnceAndRememberedSoTheNextRequestDoesNotWriteAgain() {
        String hash = newKey(true);
        ApiKeyRecord key = cache.findByHash(hash).orElseThrow().key();
        assertThat(key.lastUsedAt()).isNull();
        Instant used = Instant.parse("2026-05-06T07:08:09Z");
        cache.touch(key.id(), used);
        assertThat(catalog.find(key.id()).orElseThrow().lastUsedAt()).as("written through").isEqualTo(used);
        assertThat(cache.findByHash(hash).orElseThrow().key().lastUsedAt()).as("and seen by the cached entry").isEqualTo(used);
    }

    private String newKey(boolean companyWide) {
        String hash = uniqueToken("hash");
        catalog.create(key(companyWide, Set.of()), hash);
        return hash;
    }

    private ApiKeyRecord key(boolean companyWide, Set<String> tokens) {
        return new ApiKeyRecord(uniqueToken("key_"), company, "agsk_1a2b3c", "cached", PermissionSet.allPermissions(), companyWide,
                new LinkedHashSet<>(tokens), true, null, clock.instant(), null);
    }

    private static ApiKeyRecord withActive(ApiKeyRecord k, boolean active) {
        return new ApiKeyRecord(k.id(), k.companyId(), k.secretHint(), k.description(), k.permissions(), k.companyWide(), k.projects(),
                active, k.expiresAt(), k.createdAt(), k.lastUsedAt());
    }

    /** The catalog, counting the reads the cache makes of it (by hash and of the version). */
    private final class CountingStore implements ApiKeyStore {
        private final ApiKeyStore store;

        CountingStore(ApiKeyStore store) {
            this.store = store;
        }

        @Override
        public Optional<StoredKey> findByHash(String secretHash) {
            reads.incrementAndGet();
            return store.findByHash(secretHash);
        }

        @Override
        public long version() {
            reads.incrementAndGet();
            return store.version();
        }

        @Override
        public void create(ApiKeyRecord key, String secretHash) {
            store.create(key, secretHash);
        }

        @Override
        public Optional<ApiKeyRecord> find(String id) {
            return store.find(id);
        }

        @Override
        public List<ApiKeyRecord> list(String companyId) {
            return store.list(companyId);
        }

        @Override
        public void update(ApiKeyRecord key) {
            store.update(key);
        }

        @Override
        public boolean delete(String id) {
            return store.delete(id);
        }

        @Override
        public void touch(String id, Instant usedAt) {
            store.touch(id, usedAt);
        }
    }
}
