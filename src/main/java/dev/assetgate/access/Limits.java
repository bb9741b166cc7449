package dev.assetgate.access;

import dev.assetgate.assets.UploadLimit;
import java.net.InetAddress;

/**
 * The consuming step of the decision: counts one upload or one listing against the key's limits,
 * throwing the 429 refusal (with Retry-After) when one is reached. Runs last, after every check that
 * spends nothing, so a refused request never counts.
 */
public interface Limits {
    /** Counts one upload; returns the most bytes the file may have under the key's own rules. */
    UploadLimit admitUpload(Principal principal, InetAddress client);

    /** Counts one listing or search call. */
    void admitListing(Principal principal);

    /** No limit at all (API secret keys never count). */
    Limits NONE = new Limits() {
        @Override
        public UploadLimit admitUpload(Principal principal, InetAddress client) {
            return UploadLimit.UNLIMITED;
        }

        @Override
        public void admitListing(Principal principal) { }
    };
}
