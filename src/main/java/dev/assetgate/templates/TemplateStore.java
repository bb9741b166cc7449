package dev.assetgate.templates;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Port: Security Templates, the list of individually revoked SASS keys, and the keys minted inline. */
public interface TemplateStore {
    void create(SecurityTemplate template, String createdBy);

    Optional<SecurityTemplate> find(String id);

    /** {@link SecurityTemplate#stamp()} of every template, for cheap cache revalidation (absent when deleted). */
    Map<String, Long> versions();

    List<SecurityTemplate> list(String project);

    /**
     * Replaces the spec and bumps the version; {@code endKeys} also moves keys_valid_from to the new
     * version, so every key minted before stops working. Empty when the template is gone.
     */
    Optional<SecurityTemplate> update(String id, TemplateSpec spec, boolean endKeys);

    /** Bumps the version and moves keys_valid_from to it, rules unchanged: every key minted before stops working. */
    Optional<SecurityTemplate> endKeys(String id);

    boolean delete(String id);

    void revokeKey(String keyId, String project, Instant expiresAt);

    /** Keys revoked and not yet expired, each with the project it was revoked in. */
    List<RevokedKey> revokedKeys(Instant now);

    /**
     * Records the one key an inline template was minted for, and deletes the inline templates whose
     * key expired before {@code purgeExpiredBefore} (they can no longer be used).
     */
    void recordInlineKey(InlineKey key, Instant purgeExpiredBefore);

    /** Ends, for good, every key an API key minted inline (its inline templates keep no key). */
    void endInlineKeys(String apiKeyId);

    /** The inline keys an API key minted that have not expired by {@code now} (newest first). */
    List<InlineKey> inlineKeys(String apiKeyId, Instant now);

    /** A revocation holds only in its own project: another tenant naming the same key id revokes nothing. */
    record RevokedKey(String project, String keyId) {}

    /** A SASS key minted by {@code POST /{token}/key}: its inline template, and the API key that minted it. */
    record InlineKey(String keyId, String templateId, String project, String apiKeyId, Instant issuedAt, Instant expiresAt) {}
}
