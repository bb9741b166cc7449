package dev.assetgate.templates;

import java.time.Instant;

/**
 * What a SASS key says: which key it is, for which project and template version, when it lives,
 * and for a per-user key its subject ({@code sub}, null for a key from the anonymous exchange).
 */
public record SassClaims(String keyId, String project, String templateId, long templateVersion, Instant issuedAt, Instant expiresAt,
                         String subject) {
    public SassClaims(String keyId, String project, String templateId, long templateVersion, Instant issuedAt, Instant expiresAt) {
        this(keyId, project, templateId, templateVersion, issuedAt, expiresAt, null);
    }
}
