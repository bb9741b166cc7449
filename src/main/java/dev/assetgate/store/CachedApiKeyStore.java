package dev.assetgate.store;

import dev.assetgate.limits.InvalidationFeed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * An {@link ApiKeyStore} that answers {@link #findByHash} from memory: every request with
 * {@code X-Filerobot-Key} looks its key up, and keys change rarely. Entries are keyed by the keyed
 * hash (never the secret) and tagged with the catalog's key {@link ApiKeyStore#version version} seen
 * before they were read; an entry counts only while that version is still current.
 *
 * <p>The version (one row, moved by triggers on every change of a key's access) is reread at most
 * once a second, and on the next lookup after a change made through this store or announced on the
 * {@link InvalidationFeed} ({@code api-key:}…, any node). So a key deactivated, deleted or narrowed
 * through this node is refused on its next request, through another node as soon as the message
 * arrives, and by any other means (the CLI without the feed, SQL) within a second.
 *
 * <p>A hash that names no key is not remembered, so unknown keys cost a catalog read each, as
 * before, and cannot fill memory; known keys are bounded by {@link #MOST_ENTRIES}
 * (beyond it the cache starts afresh: more keys than that in use at once is not this server's case).
 */
public final class CachedApiKeyStore implements ApiKeyStore, MeterBinder {
    static final Duration REVALIDATE = Duration.ofSeconds(1);
    static final int MOST_ENTRIES = 10_000;

    private record Entry(StoredKey key, long version) {}

    private final ApiKeyStore store;
    private final int mostEntries;
    private final Revalidation revalidation;
    private final ConcurrentHashMap<String, Entry> byHash = new ConcurrentHashMap<>();
    /** Last-use times this node wrote since the entries were read, so a cached key is not touched on every request. */
    private final ConcurrentHashMap<String, Instant> touched = new ConcurrentHashMap<>();
    private volatile long version = Long.MIN_VALUE;

    public CachedApiKeyStore(ApiKeyStore store, InvalidationFeed feed) {
        this(store, feed, System::nanoTime, MOST_ENTRIES);
    }

    /** With another time source and bound (tests); real time, not the server's clock: freshness is about the catalog, not business time. */
    CachedApiKeyStore(ApiKeyStore store, InvalidationFeed feed, LongSupplier nanoTime, int mostEntries) {
        this.store = store;
        this.mostEntries = mostEntries;
        this.revalidation = new Revalidation(REVALIDATE, nanoTime);
        feed.subscribe(message -> {
            if (message.startsWith(InvalidationFeed.API_KEY_PREFIX)) revalidation.announce();
        });
    }

    @Override
    public Optional<StoredKey> findByHash(String secretHash) {
        revalidation.ifDue(this::rereadVersion);
        long current = version; // read before the catalog: an entry read across a change carries the old version
        Entry entry = byHash.get(secretHash);
        if (entry != null && entry.version() == current) return Optional.of(withTouch(entry.key()));
        Optional<StoredKey> found = store.findByHash(secretHash);
        if (found.isPresent()) {
            if (byHash.size() >= mostEntries) byHash.clear(); // more keys than that: a plain reload beats bookkeeping
            byHash.put(secretHash, new Entry(found.get(), current));
        }
        return found;
    }

    /** Number of keys held (tests and metrics). */
    int size() {
        return byHash.size();
    }

    /** How many verified keys this node holds: never more than the keys in use, whatever is presented. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("assetgate.api_keys.cache.size", byHash, Map::size)
                .description("Verified API keys held in memory by this node (unknown keys are never held)").register(registry);
    }

    private void rereadVersion() {
        long read = store.version();
        if (read != version) {
            version = read;
            byHash.clear(); // all stale now; the version check alone would refuse them, this frees the memory
            touched.clear(); // reloaded entries carry the catalog's last-use time
        }
    }

    private StoredKey withTouch(StoredKey stored) {
        ApiKeyRecord k = stored.key();
        Instant at = touched.get(k.id());
        if (at == null || (k.lastUsedAt() != null && !at.isAfter(k.lastUsedAt()))) return stored;
        return new StoredKey(new ApiKeyRecord(k.id(), k.companyId(), k.secretHint(), k.description(), k.permissions(), k.companyWide(),
                k.projects(), k.active(), k.expiresAt(), k.createdAt(), at), stored.secretHash());
    }

    @Override
    public void touch(String id, Instant usedAt) {
        store.touch(id, usedAt);
        if (touched.size() >= mostEntries) touched.clear();
        touched.put(id, usedAt);
    }

    @Override
    public void update(ApiKeyRecord key) {
        try {
            store.update(key);
        } finally {
            revalidation.announce(); // this node: the next request rereads the version the change moved
        }
    }

    @Override
    public boolean delete(String id) {
        try {
            return store.delete(id);
        } finally {
            revalidation.announce();
        }
    }

    @Override
    public void projectDeleted(String token) {
        revalidation.announce(); // the project's key links went with it (ProjectStore#delete), which moved the version
    }

    @Override
    public void create(ApiKeyRecord key, String secretHash) {
        store.create(key, secretHash); // nothing to forget: unknown hashes are never remembered
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
    public long version() {
        return store.version();
    }
}
