package dev.assetgate.access;

/**
 * What a route spends of a SASS key's counted limits, declared where the route is registered: the
 * decider refuses to count what a route did not declare, and counts what it declared before the
 * answer is sent even if the handler never asked (so counting cannot be forgotten).
 */
public enum Count {
    /** Spends nothing. */
    NONE,
    /** One call against {@code listing.max}. */
    LISTING,
    /** Each stored file against {@code upload.limit_per_min}, {@code upload.limit_per_source_ip}, {@code upload.max}. */
    UPLOAD,
    /**
     * Nothing more: the completion of a resumable (tus) upload, which was admitted and counted as
     * {@link #UPLOAD} when it was created ({@link Access#completeResumedUpload}).
     */
    RESUMED
}
