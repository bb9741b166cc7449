package dev.assetgate.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * When a cache of catalog rows must look at the catalog again: at most once per interval (the bound
 * on staleness for changes nobody announced: another process, SQL by hand), and on the next lookup
 * after a change was {@link #announce announced} (this node, or another through the invalidation
 * feed). One check runs at a time. While one runs, a lookup that is due only because the interval
 * passed answers from the cache instead of waiting (a silent catalog must not queue every request
 * behind one hanging read); a lookup after an announcement waits for its check, so a change made
 * here is seen by the next request.
 */
public final class Revalidation {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong announcements = new AtomicLong();
    private final ReentrantLock checking = new ReentrantLock();
    private volatile long checkedAt;
    private volatile long checkedAnnouncements = -1; // never checked yet: the first lookup checks

    /** {@code nanoTime}: real time for caches of the catalog, the server's clock where tests drive it. */
    public Revalidation(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A change was made or heard of: the next lookup checks, however recent the last check. */
    public void announce() {
        announcements.incrementAndGet();
    }

    /** Runs {@code check} (a catalog read) when due; when it throws, it stays due. */
    public void ifDue(Runnable check) {
        if (!due(nanoTime.getAsLong())) return;
        if (announced()) {
            checking.lock();
        } else if (!checking.tryLock()) {
            return; // another lookup is checking for the interval's sake: the cache answers meanwhile
        }
        try {
            long now = nanoTime.getAsLong();
            if (!due(now)) return;
            long seen = announcements.get();
            check.run();
            checkedAt = now;
            // an announcement that came while reading may be about what was just read: check again next time
            checkedAnnouncements = seen;
        } finally {
            checking.unlock();
        }
    }

    private boolean announced() {
        return checkedAnnouncements != announcements.get();
    }

    private boolean due(long now) {
        return announced() || now - checkedAt >= intervalNanos;
    }
}
