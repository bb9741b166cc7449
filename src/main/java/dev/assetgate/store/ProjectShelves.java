package dev.assetgate.store;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What a node read from the catalog, held in memory per project ("shelves") for up to a second: the
 * staleness promise of every such cache (url.cdn's {@code assets.DeliveryCache}, file details'
 * {@link CachedFileDetails}). A change made through this node drops its project's shelf
 * ({@link #drop}, called by the catalog's outbox once the change's transaction has ended), so the
 * next request reads the catalog again; a change made elsewhere (another node, the CLI) is seen once
 * an entry is {@link #FRESH_NANOS} old, when it is read again.
 *
 * <p>A read that began before a drop may bring back what the change made stale: it took its shelf
 * before reading, so it puts its result on the dropped shelf, which nobody finds any more (and it
 * takes it off again). Nothing is held for a key the catalog has nothing for, so made-up keys cannot
 * fill memory and something created there is found at once. Bounded: at most about
 * {@code mostEntries} entries in all, then it starts over.
 *
 * @param <K> what names an entry inside its project
 * @param <V> what is held for it (immutable: it is shared by every request that finds it)
 */
public final class ProjectShelves<K, V> {
    public static final long FRESH_NANOS = 1_000_000_000L;

    private record Entry<V>(V value, long loadedAt) {}

    /** One project's entries. A drop marks it, so a read that took it before the drop keeps nothing. */
    private static final class Shelf<K, V> {
        final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
        volatile boolean dropped;
    }

    private final int mostEntries;
    private final BiConsumer<V, V> letGo;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Shelf<K, V>> shelves = new ConcurrentHashMap<>();
    private final AtomicInteger entries = new AtomicInteger();

    /**
     * {@code letGo} is told of every value no longer held, once, with the value that replaced it
     * (null when none did): a value holding resources of its own (url.cdn's bytes) gives them back there.
     */
    public ProjectShelves(int mostEntries, BiConsumer<V, V> letGo) {
        this(mostEntries, letGo, System::nanoTime);
    }

    /** With another time source (tests); real time, not the server's clock: freshness is about the catalog. */
    ProjectShelves(int mostEntries, BiConsumer<V, V> letGo, LongSupplier nanoTime) {
        this.mostEntries = mostEntries;
        this.letGo = letGo;
        this.nanoTime = nanoTime;
    }

    /**
     * The value of {@code key} in {@code project}: from memory when it was loaded less than
     * {@link #FRESH_NANOS} ago, else from {@code load}, which is given what was held before (stale,
     * or null) so it can keep what has not changed. An empty load forgets the key.
     */
    public Optional<V> find(String project, K key, Function<V, Optional<V>> load) {
        long now = nanoTime.getAsLong();
        Shelf<K, V> shelf = shelves.computeIfAbsent(project, p -> new Shelf<>()); // taken before loading: see Shelf
        Entry<V> entry = shelf.entries.get(key);
        if (entry != null && now - entry.loadedAt() < FRESH_NANOS) return Optional.of(entry.value());
        Optional<V> loaded = load.apply(entry == null ? null : entry.value());
        if (loaded.isEmpty()) {
            if (entry != null) remove(shelf, key, entry);
        } else {
            keep(shelf, key, new Entry<>(loaded.get(), now));
        }
        return loaded;
    }

    /** Everything held of the project goes: it changed. */
    public void drop(String project) {
        Shelf<K, V> shelf = shelves.remove(project);
        if (shelf == null) return;
        shelf.dropped = true;
        shelf.entries.forEach((key, entry) -> remove(shelf, key, entry));
    }

    /** How many entries are held (tests). */
    int size() {
        return entries.get();
    }

    private void keep(Shelf<K, V> shelf, K key, Entry<V> entry) {
        if (entries.get() >= mostEntries) dropAll(); // more than that are hot: a plain reload beats bookkeeping
        Entry<V> before = shelf.entries.put(key, entry);
        if (before == null) entries.incrementAndGet();
        else letGo.accept(before.value(), entry.value());
        if (shelf.dropped) remove(shelf, key, entry); // a change came while this was loaded: it may be stale, and nobody will find it
    }

    private void remove(Shelf<K, V> shelf, K key, Entry<V> entry) {
        if (shelf.entries.remove(key, entry)) {
            entries.decrementAndGet();
            letGo.accept(entry.value(), null);
        }
    }

    private void dropAll() {
        for (String project : shelves.keySet()) drop(project);
    }
}
