package dev.assetgate.store;

import dev.assetgate.access.PermissionSet;
import java.time.Instant;
import java.util.Set;

/** An API secret key as stored: everything but the secret, which exists only as a keyed hash. */
public record ApiKeyRecord(
        String id,
        String companyId,
        String secretHint,
        String description,
        PermissionSet permissions,
        boolean companyWide,
        Set<String> projects,
        boolean active,
        Instant expiresAt,
        Instant createdAt,
        Instant lastUsedAt) {

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** True when this key may act on the project (company-wide keys reach every project of the company). */
    public boolean reaches(Project project) {
        return companyWide ? companyId.equals(project.companyId()) : projects.contains(project.token());
    }
}
