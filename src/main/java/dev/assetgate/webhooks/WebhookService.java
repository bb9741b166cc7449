package dev.assetgate.webhooks;

import dev.assetgate.error.ApiError;
import dev.assetgate.net.PublicAddressResolver;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A project's webhook endpoints (CRUD, with the target checked like a URL upload's at creation and at
 * every delivery), their delivery log and manual redelivery. The worker ({@link WebhookWorker}) sends.
 */
public final class WebhookService {
    public static final int MAX_PER_PROJECT = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final WebhookStore store;
    private final WebhookSigner signer;
    private final PublicAddressResolver targets;
    private final Clock clock;

    public WebhookService(WebhookStore store, WebhookSigner signer, PublicAddressResolver targets, Clock clock) {
        this.store = store;
        this.signer = signer;
        this.targets = targets;
        this.clock = clock;
    }

    /** What a caller asks for; null members of an update keep the current value. */
    public record Spec(String url, List<String> events, String description, Boolean active) {}

    /** A webhook with its secret: shown when it is created and when the secret is rotated, never otherwise. */
    public record WithSecret(Webhook webhook, String secret) {}

    public WithSecret create(String project, Spec spec) {
        if (spec.url() == null) throw ApiError.INVALID_PARAMETER.with("url is required");
        if (spec.events() == null || spec.events().isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("events is required: a list of event kinds (file.created), item types (file) or \"*\"");
        }
        if (store.list(project).size() >= MAX_PER_PROJECT) {
            throw ApiError.INVALID_PARAMETER.with("a project has at most " + MAX_PER_PROJECT + " webhooks");
        }
        checkTarget(spec.url());
        Instant now = clock.instant();
        Webhook webhook = new Webhook(UUID.randomUUID().toString(), project, spec.url().trim(), spec.events(),
                spec.description() == null ? "" : spec.description(), spec.active() == null || spec.active(), newSalt(), now, now);
        store.create(webhook);
        return new WithSecret(webhook, signer.secretOf(webhook));
    }

    public Webhook get(String project, String uuid) {
        return store.find(project, uuid).orElseThrow(() -> ApiError.WEBHOOK_NOT_FOUND.with("no webhook " + uuid + " in project " + project));
    }

    public List<Webhook> list(String project) {
        return store.list(project);
    }

    /** Changes what the spec names; {@code rotateSecret} gives it a new secret (returned, shown once). */
    public WithSecret update(String project, String uuid, Spec spec, boolean rotateSecret) {
        Webhook current = get(project, uuid);
        if (spec.url() != null) checkTarget(spec.url());
        if (spec.events() != null && spec.events().isEmpty()) throw ApiError.INVALID_PARAMETER.with("events must not be empty");
        Webhook next = new Webhook(uuid, project, spec.url() != null ? spec.url().trim() : current.url(),
                spec.events() != null ? spec.events() : current.events(),
                spec.description() != null ? spec.description() : current.description(),
                spec.active() != null ? spec.active() : current.active(), rotateSecret ? newSalt() : current.salt(),
                current.createdAt(), clock.instant());
        Webhook updated = store.update(next).orElseThrow(() -> ApiError.WEBHOOK_NOT_FOUND.with("no webhook " + uuid));
        return new WithSecret(updated, rotateSecret ? signer.secretOf(updated) : null);
    }

    public void delete(String project, String uuid) {
        if (!store.delete(project, uuid)) throw ApiError.WEBHOOK_NOT_FOUND.with("no webhook " + uuid + " in project " + project);
    }

    public List<Delivery> deliveries(String project, String uuid, int limit, int offset) {
        return store.deliveries(get(project, uuid).uuid(), limit, offset);
    }

    /** Sends a delivery again (whatever its state), as soon as the worker next looks. */
    public Delivery redeliver(String project, String uuid, long deliveryId) {
        Webhook webhook = get(project, uuid);
        if (!store.redeliver(webhook.uuid(), deliveryId, clock.instant())) {
            throw ApiError.WEBHOOK_DELIVERY_NOT_FOUND.with("no delivery " + deliveryId + " of webhook " + uuid);
        }
        return store.delivery(webhook.uuid(), deliveryId).orElseThrow();
    }

    /**
     * The URL-upload rules, at creation: http(s), a host, no credentials, and every address the host
     * resolves to public (or allowed by {@code webhook-allow}). Delivery checks again, as it connects.
     */
    private void checkTarget(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw ApiError.WEBHOOK_URL_REFUSED.with("'" + url + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiError.WEBHOOK_URL_REFUSED.with("'" + url + "': only http and https URLs can receive webhooks");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || url.length() > 2048) {
            throw ApiError.WEBHOOK_URL_REFUSED.with("'" + url + "' must name a host, carry no credentials and be at most 2048 characters");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw ApiError.WEBHOOK_URL_REFUSED.with("cannot resolve host '" + uri.getHost() + "'",
                    "The host name did not resolve: check its spelling, and that this server can resolve names (DNS).");
        }
        for (InetAddress address : addresses) {
            if (targets.isRefused(address)) {
                throw ApiError.WEBHOOK_URL_REFUSED.with("'" + uri.getHost() + "' resolves to " + address.getHostAddress()
                        + ", an internal address; webhooks are only sent to public addresses");
            }
        }
    }

    private static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }
}
