package dev.assetgate.events;

import java.time.Instant;

/** A stored event of the log; {@code seq} increases with every event. before/after are JSON text or null. */
public record ChangeEvent(long seq, String id, Instant at, String kind, String companyId, String project, String itemType,
                          String itemUuid, String actor, String keyId, String templateId, String ip, String before,
                          String after) {}
