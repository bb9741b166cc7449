package dev.assetgate.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.events.ChangeEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers the event log to webhook endpoints, on every node, every {@code webhook-poll-millis}:
 * fans new events out into deliveries (one node at a time), claims due deliveries (no two nodes the
 * same one, and per endpoint only the oldest pending one of each item, so an item's events arrive in
 * order), sends each signed, and records the outcome. A failed attempt is retried after a backoff that
 * doubles each time (from {@code webhook-retry-base-seconds}, at most an hour) until
 * {@code webhook-max-attempts}; then the delivery is failed until someone redelivers it. A node that
 * dies while sending loses its claim when the lease runs out, and another node sends it again: at
 * least once, so receivers deduplicate by the event's id.
 */
public final class WebhookWorker implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final int DISPATCH_BATCH = 500;
    private static final int CLAIM_BATCH = 20;
    private final WebhookStore store;
    private final WebhookSender sender;
    private final WebhookSigner signer;
    private final Clock clock;
    private final Settings settings;
    private ScheduledExecutorService thread;

    /** How often to look, how long a claim holds, and how failures are retried. */
    public record Settings(Duration poll, Duration lease, Duration retryBase, int maxAttempts) {}

    public WebhookWorker(WebhookStore store, WebhookSender sender, WebhookSigner signer, Clock clock, Settings settings) {
        this.store = store;
        this.sender = sender;
        this.signer = signer;
        this.clock = clock;
        this.settings = settings;
    }

    public synchronized void start() {
        if (thread != null) return;
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "assetgate-webhooks");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tickQuietly, settings.poll().toMillis(), settings.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("webhook delivery round failed (retried next round): {}", e.toString());
        }
    }

    /** One round: dispatch what is new, then send what is due. Returns how many deliveries it attempted. */
    public int tick() {
        while (store.dispatch(clock.instant(), DISPATCH_BATCH) == DISPATCH_BATCH) {
            // a backlog (after a restart): fan it all out before sending
        }
        Instant now = clock.instant();
        List<WebhookStore.Claimed> claimed = store.claim(now, now.plus(settings.lease()), CLAIM_BATCH);
        for (WebhookStore.Claimed c : claimed) {
            send(c);
        }
        return claimed.size();
    }

    private void send(WebhookStore.Claimed c) {
        String body = payload(c.event()).toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSigner.SIGNATURE_HEADER, signer.signature(c.webhook(), clock.instant().getEpochSecond(), body));
        headers.put("X-Assetgate-Event", c.event().kind());
        headers.put("X-Assetgate-Event-Id", c.event().id());
        headers.put("X-Assetgate-Delivery", String.valueOf(c.delivery().id()));
        headers.put("User-Agent", "Assetgate-Webhooks");
        WebhookSender.Outcome outcome = sender.send(c.webhook().url(), body, headers);
        if (outcome.delivered()) {
            store.delivered(c.delivery().id(), outcome.status(), clock.instant());
            return;
        }
        int attempts = c.delivery().attempts() + 1;
        Instant retryAt = attempts >= settings.maxAttempts() ? null : clock.instant().plus(backoff(attempts));
        store.attemptFailed(c.delivery().id(), outcome.status(), outcome.error(), retryAt);
    }

    /** The wait after the n-th failed attempt: base, 2 base, 4 base, ... at most an hour. */
    Duration backoff(int failedAttempts) {
        Duration wait = settings.retryBase().multipliedBy(1L << Math.min(failedAttempts - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** What a receiver gets: the event, as the audit API shows it (docs/webhooks.md). */
    static ObjectNode payload(ChangeEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", e.id());
        o.put("seq", e.seq());
        o.put("kind", e.kind());
        o.put("at", e.at().toString());
        o.put("project", e.project());
        o.putObject("item").put("type", e.itemType()).put("uuid", e.itemUuid());
        o.putObject("actor").put("type", e.actor()).put("key_id", e.keyId()).put("template_id", e.templateId());
        o.set("before", parse(e.before()));
        o.set("after", parse(e.after()));
        return o;
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        if (json == null) return JSON.nullNode();
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored event is corrupt", e);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        try {
            sender.close();
        } catch (Exception e) {
            LOG.debug("closing the webhook client: {}", e.toString());
        }
    }

    /** Stops the rounds (a round in progress is interrupted; its claims run out and another round sends them). */
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
