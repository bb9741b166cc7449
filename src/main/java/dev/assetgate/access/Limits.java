package dev.assetgate.access;

import dev.assetgate.assets.ContentRule;
import dev.assetgate.assets.UploadLimit;
import dev.assetgate.limits.Reservation;
import java.net.InetAddress;

/**
 * The consuming step of the decision: reserves one upload or one listing against the key's limits,
 * throwing the 429 refusal (with Retry-After) when one is full. Runs last, after every check that
 * spends nothing; the reservation is kept only if the request succeeds ({@link Access#settle}).
 */
public interface Limits {
    /** Reserves one upload. */
    Reservation reserveUpload(Principal principal, InetAddress client);

    /** Reserves {@code bytes} of one upload against the key's byte quotas (nothing when it has none). */
    Reservation reserveUploadBytes(Principal principal, long bytes);

    /** True when the key's uploads are counted in bytes too, so each must declare its size before it is stored. */
    boolean countsBytes(Principal principal);

    /** Reserves one listing or search call. */
    Reservation reserveListing(Principal principal);

    /** The most bytes one file may have under the key's own rules. */
    UploadLimit fileLimit(Principal principal);

    /** What one file's bytes may be under the key's own rules (type, image size). */
    ContentRule contentRule(Principal principal);

    /** No limit at all (API secret keys never count). */
    Limits NONE = new Limits() {
        @Override
        public Reservation reserveUpload(Principal principal, InetAddress client) {
            return Reservation.nothing();
        }

        @Override
        public Reservation reserveUploadBytes(Principal principal, long bytes) {
            return Reservation.nothing();
        }

        @Override
        public boolean countsBytes(Principal principal) {
            return false;
        }

        @Override
        public Reservation reserveListing(Principal principal) {
            return Reservation.nothing();
        }

        @Override
        public UploadLimit fileLimit(Principal principal) {
            return UploadLimit.UNLIMITED;
        }

        @Override
        public ContentRule contentRule(Principal principal) {
            return ContentRule.ANY;
        }
    };
}
