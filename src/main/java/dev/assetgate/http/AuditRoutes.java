package dev.assetgate.http;

import static dev.assetgate.access.Permission.CONFIG_LIST;
import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Need;
import dev.assetgate.audit.AuditEvent;
import dev.assetgate.audit.AuditFilter;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.audit.MinuteCount;
import dev.assetgate.error.ApiError;
import dev.assetgate.events.ChangeEvent;
import dev.assetgate.events.EventStore;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.AuditStore;
import dev.assetgate.store.Project;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The audit trail at {@code /admin/v1/audit} (CONFIG_LIST): events of the projects the key reaches
 * (a company-wide key also sees company-level events), newest first, in pages; and
 * {@code /admin/v1/audit/stats}: requests and refusals per minute.
 */
public final class AuditRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;
    private static final int MAX_MINUTES = 1440;
    /**
     * Change events of these item types stay out of the audit listing: the audit trail already records
     * those management actions itself, with the request that made them.
     */
    private static final Set<String> AUDITED_ITEM_TYPES = Set.of("key", "template", "project");
    private final AuditLog audit;
    private final EventStore changes;
    private final Clock clock;

    public AuditRoutes(AuditLog audit, EventStore changes, Clock clock) {
        this.audit = audit;
        this.changes = changes;
        this.clock = clock;
    }

    public void register(RouteTable routes) {
        routes.keyed(GET, "/admin/v1/audit", Need.all(CONFIG_LIST), this::events);
        routes.keyed(GET, "/admin/v1/audit/stats", Need.all(CONFIG_LIST), this::stats);
    }

    /**
     * Audit entries (management actions, refusals) and change events (files, folders, labels, ...)
     * together, newest first: at one instant audit entries come before changes, each by sequence. A
     * cursor names where a page ended: {@code millis-seq} after an audit entry (the format pages had
     * before changes were listed), {@code millis-seq-c} after a change. {@code item} (a file or folder
     * uuid) lists only changes of that item; {@code source=audit|changes} only one of the two.
     */
    private void events(Context ctx, ApiKeyRecord key) {
        String project = project(ctx, key);
        int limit = HttpSupport.number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String cursorText = HttpSupport.query(ctx, "cursor");
        Position after = Position.decode(cursorText);
        if (cursorText != null && after == null) {
            throw ApiError.INVALID_PARAMETER.with("cursor is not valid: pass the next_cursor of the previous page");
        }
        String kind = HttpSupport.query(ctx, "kind");
        if (kind != null && !kind.matches("[a-z_]{1,40}(\\.[a-z_]{1,40})?")) {
            throw ApiError.INVALID_PARAMETER.with("kind must be an event kind like key.created, or a prefix like key");
        }
        String item = HttpSupport.query(ctx, "item");
        if (item != null && !item.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiError.INVALID_PARAMETER.with("item must be the uuid of a file or folder");
        }
        String source = HttpSupport.query(ctx, "source");
        if (source != null && !source.equals("audit") && !source.equals("changes")) {
            throw ApiError.INVALID_PARAMETER.with("source must be audit or changes");
        }
        String keyId = HttpSupport.query(ctx, "key");
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        List<Position> found = new java.util.ArrayList<>();
        if (item == null && !"changes".equals(source)) {
            // after a change at T, every audit entry at T was already listed (they come first)
            AuditFilter.Cursor cursor = after == null ? null : new AuditFilter.Cursor(after.at, after.change ? 0 : after.seq);
            for (AuditStore.StoredEvent e : audit.find(new AuditFilter(key.companyId(), reachable(key), project, keyId, kind,
                    from, to, cursor, limit + 1))) {
                found.add(new Position(e.event().at(), e.seq(), false, json(e.event()).put("source", "audit")));
            }
        }
        if (!"audit".equals(source)) {
            // after an audit entry at T, every change at T is still to come: (at < T + 1 ms) is (at <= T)
            Instant beforeAt = after == null ? null : after.change ? after.at : after.at.plusMillis(1);
            long beforeSeq = after == null || !after.change ? 0 : after.seq;
            for (ChangeEvent e : changes.find(new EventStore.Query(key.companyId(), reachable(key), project, keyId, kind, item,
                    AUDITED_ITEM_TYPES, from, to, beforeAt, beforeSeq, limit + 1))) {
                ObjectNode o = ChangeRoutes.json(e).put("source", "change");
                o.put("id", e.id()).put("project", e.project()).put("key_id", e.keyId()).put("template_id", e.templateId())
                        .put("ip", e.ip());
                found.add(new Position(e.at(), e.seq(), true, o));
            }
        }
        found.sort(Position.NEWEST_FIRST);
        ArrayNode events = Json.array();
        found.stream().limit(limit).forEach(p -> events.add(p.json));
        ObjectNode body = Json.success();
        body.set("events", events);
        body.put("next_cursor", found.size() > limit ? found.get(limit - 1).encode() : null);
        HttpSupport.send(ctx, 200, body);
    }

    /** Where an entry stands in the merged listing: its time, its sequence in its own table, and which table. */
    private record Position(Instant at, long seq, boolean change, ObjectNode json) {
        static final java.util.Comparator<Position> NEWEST_FIRST = java.util.Comparator.comparing(Position::at).reversed()
                .thenComparing(Position::change) // audit entries (false) first
                .thenComparing(Comparator.comparingLong(Position::seq).reversed());

        String encode() {
            return at.toEpochMilli() + "-" + seq + (change ? "-c" : "");
        }

        static Position decode(String text) {
            if (text == null) return null;
            boolean change = text.endsWith("-c");
            AuditFilter.Cursor cursor = AuditFilter.Cursor.decode(change ? text.substring(0, text.length() - 2) : text);
            return cursor == null ? null : new Position(cursor.at(), cursor.seq(), change, null);
        }
    }

    private void stats(Context ctx, ApiKeyRecord key) {
        String project = project(ctx, key);
        int minutes = HttpSupport.number(ctx, "minutes", 60, 1, MAX_MINUTES);
        Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant from = to.minus(minutes, ChronoUnit.MINUTES);
        Set<String> projects = project != null ? Set.of(project) : reachable(key);
        ArrayNode list = Json.array();
        for (MinuteCount m : audit.perMinute(key.companyId(), projects, from, to)) {
            list.add(Json.object().put("minute", AssetJson.time(m.minute())).put("requests", m.requests()).put("refusals", m.refusals()));
        }
        ObjectNode body = Json.success();
        body.set("minutes", list);
        HttpSupport.send(ctx, 200, body);
    }

    /** Null for a company-wide key (the whole company); else the projects the key reaches. */
    private static Set<String> reachable(ApiKeyRecord key) {
        return key.companyWide() ? null : Set.copyOf(key.projects());
    }

    /**
     * The project filter. A company-wide key may name any token (events of a deleted project stay
     * readable); a project key only its own projects (403 otherwise, like every project check).
     */
    private String project(Context ctx, ApiKeyRecord key) {
        String token = HttpSupport.query(ctx, "project");
        if (token == null) return null;
        if (!Project.isValidToken(token)) throw ApiError.INVALID_PARAMETER.with("project is not a project token");
        if (!key.companyWide() && !key.projects().contains(token)) {
            throw ApiError.PROJECT_NOT_ALLOWED.with("this key is not valid for project '" + token + "'");
        }
        return token;
    }


    private static Instant instant(Context ctx, String name) {
        String text = HttpSupport.query(ctx, name);
        if (text == null) return null;
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.INVALID_PARAMETER.with(name + " must be an ISO-8601 time like 2026-11-23T10:00:00Z");
        }
    }

    static ObjectNode json(AuditEvent e) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("at", e.at().toString());
        o.put("kind", e.kind());
        o.put("project", e.project());
        o.put("key_id", e.keyId());
        o.put("template_id", e.templateId());
        o.put("sass_key_id", e.sassKeyId());
        o.put("ip", e.ip());
        o.put("rule", e.rule());
        o.put("method", e.method());
        o.put("path", e.path());
        JsonNode detail = Json.parseInput(e.detail().getBytes(java.nio.charset.StandardCharsets.UTF_8), "detail");
        o.set("detail", detail);
        return o;
    }
}
