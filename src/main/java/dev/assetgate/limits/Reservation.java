package dev.assetgate.limits;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Events held against {@code limits} by one {@link Counters#reserve} call, identified by {@code id}
 * in the counters' store. Once the request's outcome is known it is settled, once: {@link #commit}
 * keeps the events counted, {@link #release} gives them back. A refused reservation holds nothing
 * and settling it does nothing; so does settling twice.
 */
public final class Reservation {
    /** What the adapter does to settle: called at most once per reservation. */
    interface Settler {
        void settle(Reservation reservation, boolean keep);
    }

    private static final Settler NOTHING_HELD = (r, keep) -> {};
    private final String id;
    private final List<Limit> limits;
    private final Counters.Decision decision;
    private final Settler settler;
    private final AtomicBoolean settled = new AtomicBoolean();

    Reservation(String id, List<Limit> limits, Counters.Decision decision, Settler settler) {
        this.id = id;
        this.limits = List.copyOf(limits);
        this.decision = decision;
        this.settler = decision.allowed() && !limits.isEmpty() ? settler : NOTHING_HELD;
    }

    /**
     * A reservation held outside the counters (a single-use upload policy's claim in the catalog):
     * {@code settle} is called once with true (keep) or false (give back).
     */
    public static Reservation heldBy(String id, java.util.function.Consumer<Boolean> settle) {
        return new Reservation(id, settle);
    }

    /** {@link #heldBy}: no counted limit, yet something to settle (the main constructor would hold nothing). */
    private Reservation(String id, java.util.function.Consumer<Boolean> settle) {
        this.id = id;
        this.limits = List.of();
        this.decision = Counters.Decision.ALLOWED;
        this.settler = (r, keep) -> settle.accept(keep);
    }

    /** A reservation of no limit at all (a key without counted limits): settling it does nothing. */
    public static Reservation nothing() {
        return refused(List.of(), Counters.Decision.ALLOWED);
    }

    /** A reservation that holds nothing: refused, or for no limits at all. */
    static Reservation refused(List<Limit> limits, Counters.Decision decision) {
        return new Reservation("", limits, decision, NOTHING_HELD);
    }

    public Counters.Decision decision() {
        return decision;
    }

    public boolean allowed() {
        return decision.allowed();
    }

    /** The request succeeded: its events stay counted. */
    public void commit() {
        if (settled.compareAndSet(false, true)) settler.settle(this, true);
    }

    /** The request failed: its events are given back. */
    public void release() {
        if (settled.compareAndSet(false, true)) settler.settle(this, false);
    }

    String id() {
        return id;
    }

    List<Limit> limits() {
        return limits;
    }
}
