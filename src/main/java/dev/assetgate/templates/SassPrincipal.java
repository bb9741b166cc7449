package dev.assetgate.templates;

import dev.assetgate.access.FolderScope;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.access.Principal;
import dev.assetgate.store.ApiKeyRecord;
import java.util.Optional;
import dev.assetgate.store.Project;

/** A verified SASS key with the current rules of the template it was minted from. */
public record SassPrincipal(SassClaims claims, TemplatePolicy policy) implements Principal {
    @Override
    public String id() {
        return claims.keyId();
    }

    @Override
    public PermissionSet permissions() {
        return policy.spec().permissions();
    }

    @Override
    public FolderScope uploadScope() {
        return policy.uploadScope();
    }

    @Override
    public FolderScope listScope() {
        return policy.listScope();
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
