package dev.assetgate.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * A project's webhook endpoint: where events go, and which ones ({@code events}: kinds like
 * {@code file.created}, item types like {@code file} for all of a type, or {@code *} for every event).
 * {@code salt} derives its signing secret (see {@link WebhookSigner}); it is never shown.
 */
public record Webhook(String uuid, String project, String url, List<String> events, String description, boolean active,
                      String salt, Instant createdAt, Instant updatedAt) {

    /** Whether this endpoint wants events of this kind. */
    public boolean wants(String kind) {
        for (String wanted : events) {
            if (wanted.equals("*") || wanted.equals(kind) || kind.startsWith(wanted + ".")) return true;
        }
        return false;
    }
}
