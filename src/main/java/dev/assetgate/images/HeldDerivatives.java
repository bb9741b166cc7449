package dev.assetgate.images;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of small derivatives held in memory by their key, so a cached thumbnail is answered
 * without a catalog lookup or a blob read. A key names one file version and one transformation
 * ({@link Derivatives#key}), so its bytes never change: nothing here needs invalidating. A deleted
 * file's entries are unreachable (url.cdn no longer finds the file) and go with the next reset.
 * Bounded in bytes; when full it starts afresh (a reload beats bookkeeping, as in DeliveryCache).
 */
final class HeldDerivatives {
    static final int MOST_BODY_BYTES = 64 * 1024;

    record Held(ByteBuffer bytes, String mime) {}

    private final ConcurrentHashMap<String, Held> byKey = new ConcurrentHashMap<>();
    private final long budget;
    private long used; // guarded by this

    HeldDerivatives(long budget) {
        this.budget = budget;
    }

    /** The held bytes of {@code key} (a view of its own), or null. */
    ByteBuffer bytes(String key) {
        Held held = byKey.get(key);
        return held == null ? null : held.bytes().asReadOnlyBuffer();
    }

    Held get(String key) {
        return byKey.get(key);
    }

    /** Holds {@code body} when it is small enough and the budget allows; returns the view to send, or null. */
    synchronized ByteBuffer keep(String key, byte[] body, String mime) {
        if (body.length > MOST_BODY_BYTES || body.length > budget) return null;
        if (used + body.length > budget) {
            byKey.clear();
            used = 0;
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(body.length).put(body).flip(); // to sockets without another copy
        if (byKey.put(key, new Held(direct, mime)) == null) used += body.length;
        return direct.asReadOnlyBuffer();
    }
}
