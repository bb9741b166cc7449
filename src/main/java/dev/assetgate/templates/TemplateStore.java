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

    /** Key ids revoked and not yet expired. */
    List<String> revokedKeys(Instant now);
}
