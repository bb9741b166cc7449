package dev.assetgate.webhooks;

import java.time.Instant;

/**
 * One event sent (or to be sent) to one endpoint: the delivery log. {@code status}: pending (waiting
 * for its time, or for an earlier delivery of the same item), delivered, or failed (gave up after the
 * last attempt; a redelivery makes it pending again).
 */
public record Delivery(long id, String webhookUuid, long eventSeq, String eventId, String kind, String itemUuid, String status,
                       int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
                       Instant deliveredAt) {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
}
