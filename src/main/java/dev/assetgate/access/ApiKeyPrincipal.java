package dev.assetgate.access;

import dev.assetgate.store.ApiKeyRecord;
import java.util.Optional;
import dev.assetgate.store.Project;

/** An API secret key: its permissions and projects; no folder scope, network rule or limit. */
public record ApiKeyPrincipal(ApiKeyRecord key) implements Principal {
    @Override
    public String id() {
        return key.id();
    }

    @Override
    public PermissionSet permissions() {
        return key.permissions();
    }

    @Override
    public FolderScope uploadScope() {
        return FolderScope.ANY;
    }

    @Override
    public FolderScope listScope() {
        return FolderScope.ANY;
    }

    @Override
    public boolean reaches(Project project) {
        return key.reaches(project);
    }

    @Override
    public Optional<ApiKeyRecord> apiKey() {
        return Optional.of(key);
    }
}
