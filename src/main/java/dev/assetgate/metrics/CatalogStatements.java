package dev.assetgate.metrics;

/**
 * The catalog statements of the request a thread is serving. The http layer starts a count when a
 * request arrives and takes it when the answer is logged; the catalog's connections add one for each
 * statement they prepare on that thread (see {@code store.jdbc.Database}). Work on other threads (the
 * outbox relay, sweepers, webhooks) belongs to no request and counts in none. A request's work runs
 * on the thread that serves it, except what a group commit runs for it on another request's thread,
 * which carries the count along ({@link #current}, {@link #countingFor}); so the count is exact. It
 * costs one thread-local read per statement.
 */
public final class CatalogStatements {
    /** Per thread: the count, or -1 while the thread serves no counted request (kept, not removed: this runs per request). */
    private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[] {-1});

    private CatalogStatements() {}

    /** Starts counting for the request this thread now serves (any earlier count on the thread is dropped). */
    public static void startRequest() {
        CURRENT.get()[0] = 0;
    }

    /** One statement sent to the catalog; counted when this thread is serving a request. */
    public static void counted() {
        long[] count = CURRENT.get();
        if (count[0] >= 0) count[0]++;
    }

    /** The count of the request this thread serves (one that counts nothing when it serves none), to hand to a thread that works for it. */
    public static Count current() {
        return new Count(CURRENT.get());
    }

    /**
     * Counts this thread's statements in {@code count} (null: in none) until the returned scope is closed,
     * then in this thread's own request again. The owner of the count must not read it meanwhile.
     */
    public static Scope countingFor(Count count) {
        long[] own = CURRENT.get();
        CURRENT.set(count == null ? new long[] {-1} : count.statements);
        return () -> CURRENT.set(own);
    }

    /** A request's count, as carried to another thread. */
    public static final class Count {
        private final long[] statements;

        private Count(long[] statements) {
            this.statements = statements;
        }
    }

    /** Ends a {@link #countingFor} binding. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The statements counted since {@link #startRequest()}, and stops counting; -1 when none was started. */
    public static long endRequest() {
        long[] count = CURRENT.get();
        long counted = count[0];
        count[0] = -1;
        return counted;
    }
}
