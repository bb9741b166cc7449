package dev.assetgate.store;

import java.time.Instant;
import java.util.Optional;

/** Port: console sessions, found by the keyed hash of their id (the id itself is never stored). */
public interface SessionStore {
    record StoredSession(String idHash, String keyId, Instant createdAt, Instant lastSeenAt, Instant endsAt) {}

    void create(StoredSession session);

    Optional<StoredSession> find(String idHash);

    /** Moves the idle clock forward (never back: two nodes may refresh at once). */
    void touch(String idHash, Instant seenAt);

    boolean delete(String idHash);

    /** Deletes sessions past their absolute end or idle since before {@code idleBefore}; returns how many. */
    int deleteExpired(Instant now, Instant idleBefore);
}
