package dev.assetgate.metrics;

/**
 * The catalog statements of the request a thread is serving. The http layer starts a count when a
 * request arrives and takes it when the answer is logged; the catalog's connections add one for each
 * statement they prepare on that thread (see {@code store.jdbc.Database}). Work on other threads (the
 * outbox relay, sweepers, webhooks) belongs to no request and counts in none. A request's whole work
 * runs on the thread that serves it, so the count is exact; it costs one thread-local read per statement.
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

    /** The statements counted since {@link #startRequest()}, and stops counting; -1 when none was started. */
    public static long endRequest() {
        long[] count = CURRENT.get();
        long counted = count[0];
        count[0] = -1;
        return counted;
    }
}
