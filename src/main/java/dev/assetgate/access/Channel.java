package dev.assetgate.access;

/**
 * How a request arrived, as far as a key's restrictions care: over TLS or not (directly, or through
 * a trusted proxy's X-Forwarded-Proto), and the web origin a browser named: its Origin header, else
 * the origin of its Referer; null when it sent neither (a backend, curl, a server-side SDK).
 */
public record Channel(String origin, boolean overTls) {
    /** A call with no browser and no TLS (tests, the CLI in process). */
    public static final Channel PLAIN = new Channel(null, false);

    /** The channel of a request with these headers; {@code referer} counts only when there is no Origin. */
    public static Channel of(String origin, String referer, boolean overTls) {
        return new Channel(origin != null ? origin.trim() : OriginList.originOf(referer), overTls);
    }
}
