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
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.AuditStore;
import dev.assetgate.store.Project;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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
    private final AuditLog audit;
    private final Clock clock;

    public AuditRoutes(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    public void register(RouteTable routes) {
        routes.keyed(GET, "/admin/v1/audit", Need.all(CONFIG_LIST), this::events);
        routes.keyed(GET, "/admin/v1/audit/stats", Need.all(CONFIG_LIST), this::stats);
    }

    private void events(Context ctx, ApiKeyRecord key) {
        String project = project(ctx, key);
        int limit = number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String cursorText = HttpSupport.query(ctx, "cursor");
        AuditFilter.Cursor cursor = AuditFilter.Cursor.decode(cursorText);
        if (cursorText != null && cursor == null) {
            throw ApiError.INVALID_PARAMETER.with("cursor is not valid: pass the next_cursor of the previous page");
        }
        String kind = HttpSupport.query(ctx, "kind");
        if (kind != null && !kind.matches("[a-z_]{1,40}(\\.[a-z_]{1,40})?")) {
            throw ApiError.INVALID_PARAMETER.with("kind must be an event kind like key.created, or a prefix like key");
        }
        AuditFilter filter = new AuditFilter(key.companyId(), reachable(key), project, HttpSupport.query(ctx, "key"), kind,
                instant(ctx, "from"), instant(ctx, "to"), cursor, limit + 1);
        List<AuditStore.StoredEvent> found = audit.find(filter);
        ArrayNode events = Json.array();
        found.stream().limit(limit).forEach(e -> events.add(json(e.event())));
        ObjectNode body = Json.success();
        body.set("events", events);
        body.put("next_cursor", found.size() > limit
                ? new AuditFilter.Cursor(found.get(limit - 1).event().at(), found.get(limit - 1).seq()).encode() : null);
        HttpSupport.send(ctx, 200, body);
    }

    private void stats(Context ctx, ApiKeyRecord key) {
        String project = project(ctx, key);
        int minutes = number(ctx, "minutes", 60, 1, MAX_MINUTES);
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

    private static int number(Context ctx, String name, int fallback, int min, int max) {
        String text = HttpSupport.query(ctx, name);
        if (text == null) return fallback;
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.INVALID_PARAMETER.with(name + " must be a whole number from " + min + " to " + max);
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
