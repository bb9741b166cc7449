package dev.assetgate.policies;

import dev.assetgate.access.FolderScope;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.access.Principal;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import java.util.List;
import java.util.Optional;

/**
 * A verified upload policy acting as the caller: its grants ARE the policy. It holds FILE_UPLOAD and
 * nothing else, reaches its one project, may write only its folder (or its folder's subtree) and list
 * nothing; its size range, types, name, metadata and tags reach the upload through
 * {@link UploadPolicyLimits}, and its one use is claimed there. No handler has to remember any of it.
 */
public record UploadPolicyPrincipal(UploadPolicy policy, FolderScope uploadScope) implements Principal {
    private static final PermissionSet UPLOAD_ONLY = PermissionSet.of(Permission.FILE_UPLOAD);

    public UploadPolicyPrincipal(UploadPolicy policy) {
        this(policy, FolderScope.parse(List.of(policy.scopeEntry()), "policy.folder"));
    }

    @Override
    public String id() {
        return policy.id();
    }

    @Override
    public PermissionSet permissions() {
        return UPLOAD_ONLY;
    }

    @Override
    public FolderScope listScope() {
        return FolderScope.NONE;
    }

    @Override
    public Optional<ApiKeyRecord> apiKey() {
        return Optional.empty(); // signs nothing, manages nothing
    }

    @Override
    public boolean reaches(Project project) {
        return policy.project().equals(project.token());
    }
}
