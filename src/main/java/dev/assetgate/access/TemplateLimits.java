package dev.assetgate.access;

import dev.assetgate.assets.ContentRule;
import dev.assetgate.assets.UploadLimit;
import dev.assetgate.limits.Reservation;
import dev.assetgate.templates.SassPrincipal;
import dev.assetgate.templates.TemplateService;
import java.net.InetAddress;

/** The counted limits of SASS keys, kept by their security templates; an API secret key counts nothing. */
public final class TemplateLimits implements Limits {
    private final TemplateService templates;

    public TemplateLimits(TemplateService templates) {
        this.templates = templates;
    }

    @Override
    public Reservation reserveUpload(Principal principal, InetAddress client) {
        return principal instanceof SassPrincipal sass ? templates.admitUpload(sass, client) : Reservation.nothing();
    }

    @Override
    public Reservation reserveUploadBytes(Principal principal, long bytes) {
        return countsBytes(principal) ? templates.admitUploadBytes((SassPrincipal) principal, bytes) : Reservation.nothing();
    }

    @Override
    public boolean countsBytes(Principal principal) {
        return principal instanceof SassPrincipal sass && sass.policy().spec().uploadBytes().any();
    }

    @Override
    public Reservation reserveListing(Principal principal) {
        return principal instanceof SassPrincipal sass ? templates.admitListing(sass) : Reservation.nothing();
    }

    @Override
    public UploadLimit fileLimit(Principal principal) {
        Long max = principal instanceof SassPrincipal sass ? sass.policy().spec().uploadMaxFileSize() : null;
        return max == null ? UploadLimit.UNLIMITED : new UploadLimit(max, "upload.max_file_size");
    }

    @Override
    public ContentRule contentRule(Principal principal) {
        return principal instanceof SassPrincipal sass ? sass.policy().spec().uploadContent() : ContentRule.ANY;
    }
}
