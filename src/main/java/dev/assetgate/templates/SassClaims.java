package dev.assetgate.templates;

import java.time.Instant;

/** What a SASS key says: which key it is, for which project and template version, and when it lives. */
public record SassClaims(String keyId, String project, String templateId, long templateVersion, Instant issuedAt, Instant expiresAt) {}
