package dev.assetgate.policies;

import dev.assetgate.access.Limits;
import dev.assetgate.access.Principal;
import dev.assetgate.assets.ContentRule;
import dev.assetgate.assets.UploadLimit;
import dev.assetgate.limits.Reservation;
import java.net.InetAddress;

/**
 * The limits of an upload made with a policy, in front of the other keys' limits: the policy's size cap
 * and types (its name, least size, metadata and tags are its {@link PolicyTerms}), and its one use, claimed as the upload's
 * reservation, so it is kept only when the upload succeeds ({@code Access#settle}) and given back when it
 * is refused or fails. Every other principal goes to {@code next}.
 */
public final class UploadPolicyLimits implements Limits {
    private final Limits next;
    private final UploadPolicies policies;

    public UploadPolicyLimits(Limits next, UploadPolicies policies) {
        this.next = next;
        this.policies = policies;
    }

    @Override
    public Reservation reserveUpload(Principal principal, InetAddress client) {
        return principal instanceof UploadPolicyPrincipal p ? policies.claim(p.policy(), client) : next.reserveUpload(principal, client);
    }

    @Override
    public Reservation reserveUploadBytes(Principal principal, long bytes) {
        return principal instanceof UploadPolicyPrincipal ? Reservation.nothing() : next.reserveUploadBytes(principal, bytes);
    }

    @Override
    public boolean countsBytes(Principal principal) {
        return !(principal instanceof UploadPolicyPrincipal) && next.countsBytes(principal);
    }

    @Override
    public Reservation reserveListing(Principal principal) {
        return principal instanceof UploadPolicyPrincipal ? Reservation.nothing() : next.reserveListing(principal);
    }

    @Override
    public UploadLimit fileLimit(Principal principal) {
        if (principal instanceof UploadPolicyPrincipal p) return new UploadLimit(p.policy().maxBytes(), p.policy().rule() + " max_bytes");
        return next.fileLimit(principal);
    }

    @Override
    public ContentRule contentRule(Principal principal) {
        if (principal instanceof UploadPolicyPrincipal p) {
            return p.policy().allowedTypes().isEmpty() ? ContentRule.ANY : new ContentRule(p.policy().allowedTypes(), null, null, null);
        }
        return next.contentRule(principal);
    }
}
