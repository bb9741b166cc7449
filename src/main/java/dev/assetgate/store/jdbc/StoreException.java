package dev.assetgate.store.jdbc;

/** A database failure the caller cannot fix by changing its request. */
public final class StoreException extends RuntimeException {
    private final boolean commitInDoubt;

    public StoreException(Throwable cause) {
        this(cause, false);
    }

    private StoreException(Throwable cause, boolean commitInDoubt) {
        super(cause.getMessage(), cause);
        this.commitInDoubt = commitInDoubt;
    }

    /** The commit itself failed: the database may have applied it before the connection broke. */
    static StoreException duringCommit(Throwable cause) {
        return new StoreException(cause, true);
    }

    /** True when nobody can tell whether the change was stored (see {@link #duringCommit}). */
    public boolean commitInDoubt() {
        return commitInDoubt;
    }
}
