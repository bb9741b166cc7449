package dev.assetgate.store.jdbc;

/**
 * What the connection of one transaction remembers of the shared locks it has taken, so that the
 * bodies of a group commit take a project's lock once per transaction instead of once each (a round
 * trip to PostgreSQL saved per upload). Every connection {@link Database} lends implements it. It
 * forgets everything on any rollback (a lock taken under a savepoint rolled back to is released) and
 * on commit, and remembers nothing in auto-commit mode, where a transaction-scoped lock ends with its statement.
 */
interface HeldLocks {
    /** True when the lock {@code key} is not held yet in this transaction, and from now on counts as held. */
    boolean firstTake(String key);
}
