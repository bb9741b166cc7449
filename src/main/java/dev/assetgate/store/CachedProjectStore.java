package dev.assetgate.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A {@link ProjectStore} that answers {@link #find} from memory for up to a second. Every project
 * request looks its project up (the decider, the exchange, delivery), and a project changes almost
 * never: a rename or a delete made through this node is seen on its next request, one made
 * elsewhere (another node, the CLI) within {@link #FRESH_NANOS}. A token that names no project is
 * not remembered, so a project created anywhere is found at once and unknown tokens cannot fill it.
 */
public final class CachedProjectStore implements ProjectStore {
    static final long FRESH_NANOS = 1_000_000_000L;
    private static final int MOST_ENTRIES = 10_000;

    private record Entry(Project project, long loadedAt) {}

    private final ProjectStore store;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    public CachedProjectStore(ProjectStore store) {
        this(store, System::nanoTime);
    }

    /** With another time source (tests); real time, not the server's clock: freshness is about the catalog, not business time. */
    CachedProjectStore(ProjectStore store, LongSupplier nanoTime) {
        this.store = store;
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<Project> find(String token) {
        long now = nanoTime.getAsLong();
        Entry entry = cache.get(token);
        if (entry != null && now - entry.loadedAt() < FRESH_NANOS) return Optional.of(entry.project());
        Optional<Project> found = store.find(token);
        if (found.isPresent()) {
            if (cache.size() >= MOST_ENTRIES) cache.clear(); // more projects than that: a plain reload beats bookkeeping
            cache.put(token, new Entry(found.get(), now));
        } else {
            cache.remove(token);
        }
        return found;
    }

    @Override
    public Optional<Project> rename(String token, String name) {
        try {
            return store.rename(token, name);
        } finally {
            cache.remove(token);
        }
    }

    @Override
    public List<String> delete(String token) {
        try {
            return store.delete(token);
        } finally {
            cache.remove(token);
        }
    }

    @Override
    public Optional<Project> create(String token, String name, String companyId) {
        return store.create(token, name, companyId);
    }

    @Override
    public Company defaultCompany() {
        return store.defaultCompany();
    }

    @Override
    public Optional<Company> findCompany(String id) {
        return store.findCompany(id);
    }

    @Override
    public List<Project> list(String companyId) {
        return store.list(companyId);
    }
}
