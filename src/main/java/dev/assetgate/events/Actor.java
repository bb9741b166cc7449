package dev.assetgate.events;

import java.util.function.Supplier;

/**
 * Who made a change, as recorded with its event: an API key ({@code key}), a SASS key and its
 * template ({@code sass}), a console session acting as its key ({@code session}), an Airbox's upload ({@code airbox}), the command line
 * ({@code cli}), or the server itself ({@code system}: sweeps, background work). Ids only, never a secret.
 *
 * <p>The actor is bound to the thread that serves the request ({@link #acting}), by the route table
 * for every keyed route and by the CLI for its commands, so the stores that write the events never
 * take it as a parameter and no call site can pass a wrong one. Nothing bound: {@link #SYSTEM}.
 */
public record Actor(String type, String keyId, String templateId, String ip) {
    public static final Actor SYSTEM = new Actor("system", null, null, null);
    public static final Actor CLI = new Actor("cli", null, null, null);

    private static final ThreadLocal<Supplier<Actor>> CURRENT = new ThreadLocal<>();

    public static Actor apiKey(String keyId, String ip) {
        return new Actor("key", keyId, null, ip);
    }

    public static Actor sassKey(String sassKeyId, String templateId, String ip) {
        return new Actor("sass", sassKeyId, templateId, ip);
    }

    /** An upload through an Airbox ({@code keyId}: the Airbox's uuid). */
    public static Actor airbox(String airboxUuid, String ip) {
        return new Actor("airbox", airboxUuid, null, ip);
    }

    public static Actor session(String keyId, String ip) {
        return new Actor("session", keyId, null, ip);
    }

    /** The actor of the change being made on this thread. */
    public static Actor current() {
        Supplier<Actor> who = CURRENT.get();
        Actor actor = who == null ? null : who.get();
        return actor == null ? SYSTEM : actor;
    }

    /**
     * Binds {@code who} to this thread until the returned scope is closed. A supplier, because a
     * request's caller is known only once its credential has been checked (inside the handler).
     */
    public static Scope acting(Supplier<Actor> who) {
        Supplier<Actor> previous = CURRENT.get();
        CURRENT.set(who);
        return () -> {
            if (previous == null) CURRENT.remove();
            else CURRENT.set(previous);
        };
    }

    /** Ends a binding made by {@link #acting}. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
