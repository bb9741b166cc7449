package dev.assetgate.webhooks;

import dev.assetgate.events.ChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: webhook endpoints, and the deliveries of the event log to them (the worker's queue and the delivery log). */
public interface WebhookStore {
    void create(Webhook webhook);

    Optional<Webhook> find(String project, String uuid);

    List<Webhook> list(String project);

    /** Replaces url, events, description, active and salt; empty when there is no such webhook. */
    Optional<Webhook> update(Webhook webhook);

    boolean delete(String project, String uuid);

    /** The delivery log of one endpoint, newest first. */
    List<Delivery> deliveries(String webhookUuid, int limit, int offset);

    Optional<Delivery> delivery(String webhookUuid, long id);

    /** Makes a delivery pending again, due now, with its attempts counted from zero; false when there is none. */
    boolean redeliver(String webhookUuid, long id, Instant now);

    /**
     * Fans out events no dispatcher has seen yet, oldest first, into one pending delivery per
     * endpoint that wants each, and marks them dispatched; at most {@code limit} events. One
     * dispatcher at a time in a cluster (events of one item then get their deliveries in order).
     * Returns how many events it took.
     */
    int dispatch(Instant now, int limit);

    /** A delivery claimed for sending, with what to send and where. */
    record Claimed(Delivery delivery, ChangeEvent event, Webhook webhook) {}

    /**
     * Claims up to {@code limit} due deliveries until {@code leaseUntil}: pending, due, not held by
     * another node, and the oldest pending delivery of their item to their endpoint. Two nodes never
     * claim the same delivery (SKIP LOCKED on PostgreSQL; SQLite has one writer).
     */
    List<Claimed> claim(Instant now, Instant leaseUntil, int limit);

    /** Records a successful attempt. */
    void delivered(long id, int httpStatus, Instant at);

    /** Records a failed attempt: pending again at {@code retryAt}, or failed for good when it is null. */
    void attemptFailed(long id, Integer httpStatus, String error, Instant retryAt);
}
