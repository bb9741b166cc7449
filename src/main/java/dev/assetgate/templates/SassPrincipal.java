package dev.assetgate.templates;

import dev.assetgate.access.FolderScope;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.access.Principal;
import dev.assetgate.store.ApiKeyRecord;
import java.util.Optional;
import dev.assetgate.store.Project;

/**
 * A verified SASS key with the current rules of the template it was minted from, and its folder
 * scopes with {@code {sub}} put in from its signed subject (once per request, not per check).
 */
public record SassPrincipal(SassClaims claims, TemplatePolicy policy, FolderScope uploadScope, FolderScope listScope) implements Principal {
    public SassPrincipal(SassClaims claims, TemplatePolicy policy) {
        this(claims, policy, policy.uploadScope().forSubject(claims.subject()), policy.listScope().forSubject(claims.subject()));
    }

    @Override
    public String id() {
        return claims.keyId();
    }

    @Override
    public PermissionSet permissions() {
        return policy.spec().permissions();
    }

    @Override
    public String subject() {
        return claims.subject();
    }

    @Override
    public boolean reaches(Project project) {
        return claims.project().equals(project.token());
    }

    @Override
    public Optional<ApiKeyRecord> apiKey() {
        return Optional.empty();
    }
}
