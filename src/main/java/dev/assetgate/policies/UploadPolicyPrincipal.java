package dev.assetgate.policies;

import dev.assetgate.access.FolderScope;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.access.Principal;
import dev.assetgate.access.UploadTerms;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import java.util.List;
import java.util.Optional;

/**
 * A verified upload policy acting as the caller: its grants ARE the policy. It holds FILE_UPLOAD and
 * nothing else, reaches its one project, may write only its folder (or its folder's subtree) and list
 * nothing, and passes only routes that count uploads; its size range and types reach the upload through
 * {@link UploadPolicyLimits}, where its one use is claimed, and its name, least size, metadata and tags
 * as its {@link PolicyTerms}. No handler has to remember any of it.
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
    public boolean uploadsOnly() {
        return true; // its FILE_UPLOAD must not open routes that need no permission at all (tags, filters, settings)
    }

    @Override
    public UploadTerms uploadTerms() {
        return new PolicyTerms(policy);
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
