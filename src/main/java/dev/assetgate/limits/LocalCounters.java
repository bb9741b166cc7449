package dev.assetgate.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * In-process counters for one node: an exact sliding log per windowed key (at most {@code max}
 * events in any window-long interval) and a plain count for totals. One lock makes a multi-limit
 * decision atomic; the work under it is a few deque operations, so it is not a bottleneck at the
 * request rates one node serves. A reservation holds its events at once; a release removes them
 * again (the event of its time in each window, one from each total).
 */
public final class LocalCounters implements Counters {
    private static final int PRUNE_EVERY = 4096;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    /** The time of every reservation not yet settled, by id: what a release gives back. */
    private final Map<String, Long> held = new HashMap<>();
    private long operations;
    private long sequence;

    private static final class Entry {
        /** A window's events: {time, cost} pairs, oldest first; {@code inWindow} is the sum of their costs. */
        final ArrayDeque<long[]> events = new ArrayDeque<>();
        long inWindow;
        long total;
        long expiresAt;
    }

    public LocalCounters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Reservation reserve(List<Limit> limits) {
        long now = clock.millis();
        Decision d = decide(limits, now);
        if (!d.allowed() || limits.isEmpty()) return Reservation.refused(limits, d); // nothing held
        String id = Long.toString(++sequence);
        held.put(id, now);
        return new Reservation(id, limits, d, this::settle);
    }

    private synchronized void settle(Reservation reservation, boolean keep) {
        Long at = held.remove(reservation.id());
        if (keep || at == null) return;
        for (Limit limit : reservation.limits()) {
            Entry e = entries.get(limit.key());
            if (e == null) continue;
            if (limit.window() == null) {
                e.total = Math.max(0, e.total - limit.cost());
            } else {
                for (Iterator<long[]> it = e.events.descendingIterator(); it.hasNext(); ) {
                    long[] event = it.next();
                    if (event[0] == at && event[1] == limit.cost()) {
                        it.remove();
                        e.inWindow -= event[1];
                        break;
                    }
                }
            }
        }
    }

    /** Checks every limit and, only when all have room for its cost, holds that cost in each. */
    private Decision decide(List<Limit> limits, long now) {
        if (++operations % PRUNE_EVERY == 0) prune(now);
        for (Limit limit : limits) {
            Entry e = entry(limit, now);
            if (limit.window() == null) {
                if (e.total + limit.cost() > limit.max()) {
                    return new Decision(false, limit, Duration.ofMillis(Math.max(0, e.expiresAt - now)));
                }
            } else {
                long from = now - limit.window().toMillis();
                while (!e.events.isEmpty() && e.events.peekFirst()[0] <= from) e.inWindow -= e.events.pollFirst()[1];
                if (e.inWindow + limit.cost() > limit.max()) {
                    return new Decision(false, limit, Duration.ofMillis(Math.max(1, roomReturns(e, limit, now))));
                }
            }
        }
        for (Limit limit : limits) {
            Entry e = entry(limit, now);
            if (limit.window() == null) e.total += limit.cost();
            else {
                e.events.addLast(new long[] {now, limit.cost()});
                e.inWindow += limit.cost();
            }
            e.expiresAt = Math.max(e.expiresAt, now + limit.lifetime().toMillis());
        }
        return Decision.ALLOWED;
    }

    /** In how many ms enough of the oldest events leave the window for {@code limit}'s cost to fit (a whole window if it never fits). */
    private static long roomReturns(Entry e, Limit limit, long now) {
        long left = e.inWindow;
        for (long[] event : e.events) {
            left -= event[1];
            if (left + limit.cost() <= limit.max()) return event[0] + limit.window().toMillis() - now;
        }
        return limit.window().toMillis();
    }

    private Entry entry(Limit limit, long now) {
        Entry e = entries.computeIfAbsent(limit.key(), k -> new Entry());
        if (e.expiresAt != 0 && e.expiresAt <= now && limit.window() == null) {
            e.total = 0;
        }
        return e;
    }

    private void prune(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt <= now) it.remove();
        }
    }
}
