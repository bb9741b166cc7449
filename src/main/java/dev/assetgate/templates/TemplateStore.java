package dev.assetgate.templates;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Port: Security Templates and the list of individually revoked SASS keys. */
public interface TemplateStore {
    void create(SecurityTemplate template, String createdBy);

    Optional<SecurityTemplate> find(String id);

    /** Versions of every template, for cheap cache revalidation: id → version (absent when deleted). */
    Map<String, Long> versions();

    List<SecurityTemplate> list(String project);

    /** Replaces the spec and bumps the version; empty when the template is gone. */
    Optional<SecurityTemplate> update(String id, TemplateSpec spec);

    boolean delete(String id);

    void revokeKey(String keyId, String project, Instant expiresAt);

    /** Keys revoked and not yet expired, each with the project it was revoked in. */
    List<RevokedKey> revokedKeys(Instant now);

    /** A revocation holds only in its own project: another tenant naming the same key id revokes nothing. */
    record RevokedKey(String project, String keyId) {}
}
