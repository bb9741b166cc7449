package dev.assetgate.templates;

/**
 * A key's byte quotas (issue 19, see docs/sass-keys.md): {@code upload.max_bytes}, the most bytes the
 * key may upload while it lives, and {@code upload.bytes_per_period}, the most within any
 * {@code upload.bytes_period} seconds (a sliding window: bytes come back as their uploads grow older
 * than the period). Null: no such quota.
 */
public record ByteQuota(Long maxBytes, Long bytesPerPeriod, long periodSeconds) {
    public static final long DEFAULT_PERIOD_SECONDS = 86_400;
    /** The longest period: a month and a bit, so a "per month" quota fits. */
    public static final long MAX_PERIOD_SECONDS = 31 * 86_400L;
    public static final ByteQuota NONE = new ByteQuota(null, null, DEFAULT_PERIOD_SECONDS);

    public boolean any() {
        return maxBytes != null || bytesPerPeriod != null;
    }
}
