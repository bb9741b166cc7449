package dev.assetgate.access;

import dev.assetgate.assets.UploadLimit;
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
    public UploadLimit admitUpload(Principal principal, InetAddress client) {
        if (!(principal instanceof SassPrincipal sass)) return UploadLimit.UNLIMITED;
        templates.admitUpload(sass, client);
        Long max = sass.policy().spec().uploadMaxFileSize();
        return max == null ? UploadLimit.UNLIMITED : new UploadLimit(max, "upload.max_file_size");
    }

    @Override
    public void admitListing(Principal principal) {
        if (principal instanceof SassPrincipal sass) templates.admitListing(sass);
    }
}
