package dev.assetgate.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assetgate.events.Change;
import dev.assetgate.events.ChangeEvent;
import dev.assetgate.webhooks.Delivery;
import dev.assetgate.webhooks.Webhook;
import dev.assetgate.webhooks.WebhookStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Webhook endpoints and their deliveries in a SQL catalog; the claim of due deliveries skips rows another node holds. */
public final class JdbcWebhookStore implements WebhookStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DELIVERY_SELECT = "SELECT d.*, e.id AS event_id, e.kind AS event_kind FROM webhook_deliveries d "
            + "JOIN change_events e ON e.seq = d.event_seq";
    private final Database db;
    private final SqlDialect dialect;

    public JdbcWebhookStore(Database db) {
        this.db = db;
        this.dialect = db.dialect();
    }

    @Override
    public void create(Webhook w) {
        db.inTransaction(c -> {
            Sql.update(c, "INSERT INTO webhooks (uuid, project, url, events, description, active, salt, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", w.uuid(), w.project(), w.url(), events(w), w.description(),
                    w.active() ? 1 : 0, w.salt(), Sql.time(w.createdAt()), Sql.time(w.updatedAt()));
            db.outbox().record(c, Change.of(w.project(), "webhook", "created", w.uuid()).after(fields(w)));
            return null;
        });
    }

    @Override
    public Optional<Webhook> find(String project, String uuid) {
        return db.withConnection(c -> Sql.one(c, "SELECT * FROM webhooks WHERE project = ? AND uuid = ?", JdbcWebhookStore::webhook,
                project, uuid));
    }

    @Override
    public List<Webhook> list(String project) {
        return db.withConnection(c -> Sql.query(c, "SELECT * FROM webhooks WHERE project = ? ORDER BY created_at, uuid",
                JdbcWebhookStore::webhook, project));
    }

    @Override
    public Optional<Webhook> update(Webhook w) {
        return db.inTransaction(c -> {
            int n = Sql.update(c, "UPDATE webhooks SET url = ?, events = ?, description = ?, active = ?, salt = ?, updated_at = ? "
                            + "WHERE project = ? AND uuid = ?", w.url(), events(w), w.description(), w.active() ? 1 : 0, w.salt(),
                    Sql.time(w.updatedAt()), w.project(), w.uuid());
            if (n == 0) return Optional.<Webhook>empty();
            db.outbox().record(c, Change.of(w.project(), "webhook", "updated", w.uuid()).after(fields(w)));
            return Sql.one(c, "SELECT * FROM webhooks WHERE uuid = ?", JdbcWebhookStore::webhook, w.uuid());
        });
    }

    @Override
    public boolean delete(String project, String uuid) {
        return db.inTransaction(c -> {
            boolean deleted = Sql.update(c, "DELETE FROM webhooks WHERE project = ? AND uuid = ?", project, uuid) > 0;
            if (deleted) db.outbox().record(c, Change.of(project, "webhook", "deleted", uuid));
            return deleted;
        });
    }

    @Override
    public List<Delivery> deliveries(String webhookUuid, int limit, int offset) {
        return db.withConnection(c -> Sql.query(c, DELIVERY_SELECT + " WHERE d.webhook_uuid = ? ORDER BY d.id DESC LIMIT ? OFFSET ?",
                JdbcWebhookStore::delivery, webhookUuid, limit, offset));
    }

    @Override
    public Optional<Delivery> delivery(String webhookUuid, long id) {
        return db.withConnection(c -> Sql.one(c, DELIVERY_SELECT + " WHERE d.webhook_uuid = ? AND d.id = ?", JdbcWebhookStore::delivery,
                webhookUuid, id));
    }

    @Override
    public boolean redeliver(String webhookUuid, long id, Instant now) {
        return db.inTransaction(c -> Sql.update(c, "UPDATE webhook_deliveries SET status = ?, attempts = 0, next_attempt_at = ?, "
                + "claimed_until = NULL WHERE webhook_uuid = ? AND id = ?", Delivery.PENDING, Sql.time(now), webhookUuid, id) > 0);
    }

    @Override
    public int dispatch(Instant now, int limit) {
        // a read first: most ticks find nothing, and then take no write lock at all
        boolean waiting = db.withConnection(c -> Sql.one(c, "SELECT seq FROM change_events WHERE dispatched = 0 LIMIT 1",
                rs -> rs.getLong(1)).isPresent());
        if (!waiting) return 0;
        return db.inTransaction(c -> {
            if (!dialect.tryLockWebhookDispatch(c)) return 0; // another node is dispatching
            List<Object> taken = new ArrayList<>();
            Map<String, List<Webhook>> byProject = new HashMap<>();
            List<Object[]> rows = Sql.query(c, "SELECT seq, project, kind, item_uuid FROM change_events WHERE dispatched = 0 "
                    + "ORDER BY seq LIMIT ?", rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)}, limit);
            String at = Sql.time(now);
            for (Object[] row : rows) {
                long seq = (Long) row[0];
                String project = (String) row[1];
                if (project != null) {
                    List<Webhook> hooks = byProject.get(project);
                    if (hooks == null) {
                        hooks = Sql.query(c, "SELECT * FROM webhooks WHERE project = ? AND active = 1", JdbcWebhookStore::webhook, project);
                        byProject.put(project, hooks);
                    }
                    for (Webhook hook : hooks) {
                        if (hook.wants((String) row[2])) {
                            Sql.update(c, "INSERT INTO webhook_deliveries (webhook_uuid, event_seq, item_uuid, status, attempts, "
                                    + "next_attempt_at, created_at) VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (webhook_uuid, event_seq) DO NOTHING",
                                    hook.uuid(), seq, row[3], Delivery.PENDING, at, at);
                        }
                    }
                }
                taken.add(seq);
            }
            for (int from = 0; from < taken.size(); from += 500) {
                List<Object> batch = taken.subList(from, Math.min(taken.size(), from + 500));
                Sql.update(c, "UPDATE change_events SET dispatched = 1 WHERE seq IN ("
                        + String.join(", ", java.util.Collections.nCopies(batch.size(), "?")) + ")", batch.toArray());
            }
            return rows.size();
        });
    }

    @Override
    public List<Claimed> claim(Instant now, Instant leaseUntil, int limit) {
        String at = Sql.time(now);
        // a read first: most rounds find nothing due, and then take no write lock at all
        boolean anyDue = db.withConnection(c -> Sql.one(c, "SELECT id FROM webhook_deliveries WHERE status = ? AND next_attempt_at <= ? LIMIT 1",
                rs -> rs.getLong(1), Delivery.PENDING, at).isPresent());
        if (!anyDue) return List.of();
        return db.inTransaction(c -> {
            List<Delivery> due = Sql.query(c, DELIVERY_SELECT + " JOIN webhooks w ON w.uuid = d.webhook_uuid AND w.active = 1"
                    + " WHERE d.status = ? AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until < ?)"
                    // in order per item: only the oldest pending delivery of its item to its endpoint
                    + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.webhook_uuid = d.webhook_uuid"
                    + " AND p.item_uuid = d.item_uuid AND p.status = ? AND p.id < d.id)"
                    + " ORDER BY d.id LIMIT ?" + dialect.skipLocked(),
                    JdbcWebhookStore::delivery, Delivery.PENDING, at, at, Delivery.PENDING, limit);
            List<Claimed> claimed = new ArrayList<>();
            Map<String, Webhook> hooks = new HashMap<>();
            for (Delivery d : due) {
                Sql.update(c, "UPDATE webhook_deliveries SET claimed_until = ? WHERE id = ?", Sql.time(leaseUntil), d.id());
                ChangeEvent event = Sql.one(c, "SELECT * FROM change_events WHERE seq = ?", JdbcEventStore::event, d.eventSeq()).orElseThrow();
                Webhook hook = hooks.get(d.webhookUuid());
                if (hook == null) {
                    hook = Sql.one(c, "SELECT * FROM webhooks WHERE uuid = ?", JdbcWebhookStore::webhook, d.webhookUuid()).orElseThrow();
                    hooks.put(hook.uuid(), hook);
                }
                claimed.add(new Claimed(d, event, hook));
            }
            return claimed;
        });
    }

    @Override
    public void delivered(long id, int httpStatus, Instant at) {
        db.inTransaction(c -> Sql.update(c, "UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status = ?, "
                + "last_error = NULL, delivered_at = ?, claimed_until = NULL WHERE id = ?", Delivery.DELIVERED, httpStatus, Sql.time(at), id));
    }

    @Override
    public void attemptFailed(long id, Integer httpStatus, String error, Instant retryAt) {
        db.inTransaction(c -> retryAt == null
                ? Sql.update(c, "UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?, "
                        + "claimed_until = NULL WHERE id = ?", Delivery.FAILED, httpStatus, error, id)
                : Sql.update(c, "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?, "
                        + "next_attempt_at = ?, claimed_until = NULL WHERE id = ?", httpStatus, error, Sql.time(retryAt), id));
    }

    private static String events(Webhook w) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        w.events().forEach(array::add);
        return array.toString();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode fields(Webhook w) {
        com.fasterxml.jackson.databind.node.ObjectNode o = Change.fields().put("url", w.url()).put("active", w.active());
        o.set("events", JSON.valueToTree(w.events()));
        return o;
    }

    private static Webhook webhook(ResultSet rs) throws SQLException {
        List<String> events = new ArrayList<>();
        try {
            JSON.readTree(rs.getString("events")).forEach(n -> events.add(n.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("stored webhook events are corrupt", e);
        }
        return new Webhook(rs.getString("uuid"), rs.getString("project"), rs.getString("url"), List.copyOf(events),
                rs.getString("description"), rs.getInt("active") == 1, rs.getString("salt"), Sql.instant(rs.getString("created_at")),
                Sql.instant(rs.getString("updated_at")));
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        int lastStatus = rs.getInt("last_status");
        Integer status = rs.wasNull() ? null : lastStatus;
        return new Delivery(rs.getLong("id"), rs.getString("webhook_uuid"), rs.getLong("event_seq"), rs.getString("event_id"),
                rs.getString("event_kind"), rs.getString("item_uuid"), rs.getString("status"), rs.getInt("attempts"),
                Sql.instant(rs.getString("next_attempt_at")), status, rs.getString("last_error"), Sql.instant(rs.getString("created_at")),
                Sql.instant(rs.getString("delivered_at")));
    }
}
