package dev.assetgate.airbox;

import dev.assetgate.access.Limits;
import dev.assetgate.access.Principal;
import dev.assetgate.assets.ContentRule;
import dev.assetgate.assets.UploadLimit;
import dev.assetgate.limits.Reservation;
import java.net.InetAddress;

/**
 * The counted limits of an Airbox's uploads (its totals of files and bytes, its allowed types); every
 * other principal is left to {@code keys} (the security templates' limits).
 */
public final class AirboxLimits implements Limits {
    private final AirboxService airboxes;
    private final Limits keys;

    public AirboxLimits(AirboxService airboxes, Limits keys) {
        this.airboxes = airboxes;
        this.keys = keys;
    }

    @Override
    public Reservation reserveUpload(Principal principal, InetAddress client) {
        return principal instanceof AirboxPrincipal a ? airboxes.reserveFile(a.airbox()) : keys.reserveUpload(principal, client);
    }

    @Override
    public Reservation reserveUploadBytes(Principal principal, long bytes) {
        return principal instanceof AirboxPrincipal a ? airboxes.reserveBytes(a.airbox(), bytes) : keys.reserveUploadBytes(principal, bytes);
    }

    @Override
    public boolean countsBytes(Principal principal) {
        return principal instanceof AirboxPrincipal a ? a.airbox().maxBytes() != null : keys.countsBytes(principal);
    }

    @Override
    public Reservation reserveListing(Principal principal) {
        if (principal instanceof AirboxPrincipal) throw new IllegalStateException("an Airbox never lists (Decider: uploads only)");
        return keys.reserveListing(principal);
    }

    @Override
    public UploadLimit fileLimit(Principal principal) {
        if (!(principal instanceof AirboxPrincipal a)) return keys.fileLimit(principal);
        return a.airbox().maxBytes() == null ? UploadLimit.UNLIMITED : new UploadLimit(a.airbox().maxBytes(), "airbox.max_bytes");
    }

    @Override
    public ContentRule contentRule(Principal principal) {
        if (!(principal instanceof AirboxPrincipal a)) return keys.contentRule(principal);
        return a.airbox().allowedTypes().isEmpty() ? ContentRule.ANY : new ContentRule(a.airbox().allowedTypes(), null, null, null);
    }
}
