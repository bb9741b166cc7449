package dev.assetgate.store.jdbc;

/** A database failure the caller cannot fix by changing its request. */
public final class StoreException extends RuntimeException {
    public StoreException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
