package dev.assetgate.templates;

import dev.assetgate.access.FolderScope;
import dev.assetgate.access.OriginList;
import dev.assetgate.net.Cidr;
import java.util.List;
import java.util.Set;

/**
 * A template's rules compiled once for the request path: CIDRs parsed, countries as a set, folder
 * scopes and allowed origins parsed. Nothing here is parsed per request.
 */
public record TemplatePolicy(SecurityTemplate template, FolderScope uploadScope, FolderScope listScope,
                             List<Cidr> ipRanges, Set<String> countries, OriginList origins) {

    public static TemplatePolicy compile(SecurityTemplate t) {
        TemplateSpec s = t.spec();
        return new TemplatePolicy(t, FolderScope.parse(s.uploadDirScope(), "upload.dir_scope"),
                FolderScope.parse(s.listingDirScope(), "listing.dir_scope"), Cidr.parseAll(s.ipRanges()), Set.copyOf(s.countries()),
                OriginList.parse(s.allowedOrigins()));
    }

    /** True when a folder scope holds {@code {sub}}: only a per-user key (with a subject) reaches anything through it. */
    public boolean usesSubject() {
        return uploadScope.usesSubject() || listScope.usesSubject();
    }

    public TemplateSpec spec() {
        return template.spec();
    }
}
