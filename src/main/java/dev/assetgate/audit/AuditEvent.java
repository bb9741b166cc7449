package dev.assetgate.audit;

import java.time.Instant;

/**
 * One entry of the audit trail: a management action or a refusal. {@code project} is null for a
 * company-level event; {@code detail} is a JSON object. Ids only, never a secret.
 */
public record AuditEvent(String id, Instant at, String kind, String companyId, String project, String keyId,
                         String templateId, String sassKeyId, String ip, String rule, String method, String path,
                         String detail) {}
