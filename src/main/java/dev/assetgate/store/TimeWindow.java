package dev.assetgate.store;

import java.time.Instant;

/**
 * Half-open time bounds on a file listing: created in {@code [createdFrom, createdUntil)} and last
 * modified in {@code [modifiedFrom, modifiedUntil)}; a null bound is open. The list parameters
 * {@code created_after}, {@code created_before}, {@code updated_after}, {@code updated_before} become
 * these (see {@code http/DateParameter}).
 */
public record TimeWindow(Instant createdFrom, Instant createdUntil, Instant modifiedFrom, Instant modifiedUntil) {
    public static final TimeWindow ANY = new TimeWindow(null, null, null, null);

    public boolean unbounded() {
        return createdFrom == null && createdUntil == null && modifiedFrom == null && modifiedUntil == null;
    }
}
