package dev.assetgate.http;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Decider;
import dev.assetgate.access.Need;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.webhooks.Delivery;
import dev.assetgate.webhooks.Webhook;
import dev.assetgate.webhooks.WebhookService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A project's webhooks in the management API, {@code /admin/v1/projects/{token}/webhooks}: read with
 * CONFIG_LIST, changed with CONFIG_CHANGE; the delivery log of each, and manual redelivery.
 */
public final class WebhookRoutes {
    private static final String BASE = "/admin/v1/projects/{token}/webhooks";
    private static final Set<String> FIELDS = Set.of("url", "events", "description", "active", "rotate_secret");
    private final WebhookService webhooks;
    private final Decider decider;
    private final HttpSupport http;

    public WebhookRoutes(WebhookService webhooks, Decider decider, HttpSupport http) {
        this.webhooks = webhooks;
        this.decider = decider;
        this.http = http;
    }

    public void register(RouteTable routes) {
        routes.keyed(GET, BASE, Need.all(CONFIG_LIST), this::list);
        routes.keyed(POST, BASE, Need.all(CONFIG_CHANGE), this::create);
        routes.keyed(GET, BASE + "/{uuid}", Need.all(CONFIG_LIST), this::get);
        routes.keyed(PATCH, BASE + "/{uuid}", Need.all(CONFIG_CHANGE), this::update);
        routes.keyed(DELETE, BASE + "/{uuid}", Need.all(CONFIG_CHANGE), this::delete);
        routes.keyed(GET, BASE + "/{uuid}/deliveries", Need.all(CONFIG_LIST), this::deliveries);
        routes.keyed(POST, BASE + "/{uuid}/deliveries/{id}/redeliver", Need.all(CONFIG_CHANGE), this::redeliver);
    }

    private String project(Context ctx, ApiKeyRecord key) {
        return decider.project(key, ctx.pathParam("token")).token();
    }

    private void list(Context ctx, ApiKeyRecord key) {
        ArrayNode list = Json.array();
        webhooks.list(project(ctx, key)).forEach(w -> list.add(json(w)));
        ObjectNode body = Json.success();
        body.set("webhooks", list);
        HttpSupport.send(ctx, 200, body);
    }

    private void create(Context ctx, ApiKeyRecord key) {
        String project = project(ctx, key);
        ObjectNode input = http.jsonObjectBody(ctx);
        WebhookService.WithSecret created = webhooks.create(project, spec(input));
        ObjectNode body = Json.success();
        body.set("webhook", json(created.webhook()));
        body.put("secret", created.secret());
        HttpSupport.send(ctx, 201, body);
    }

    private void get(Context ctx, ApiKeyRecord key) {
        ObjectNode body = Json.success();
        body.set("webhook", json(webhooks.get(project(ctx, key), ctx.pathParam("uuid"))));
        HttpSupport.send(ctx, 200, body);
    }

    private void update(Context ctx, ApiKeyRecord key) {
        String project = project(ctx, key);
        ObjectNode input = http.jsonObjectBody(ctx);
        JsonNode rotate = input.path("rotate_secret");
        if (!rotate.isMissingNode() && !rotate.isBoolean()) throw ApiError.INVALID_PARAMETER.with("rotate_secret must be true or false");
        WebhookService.WithSecret updated = webhooks.update(project, ctx.pathParam("uuid"), spec(input), rotate.asBoolean(false));
        ObjectNode body = Json.success();
        body.set("webhook", json(updated.webhook()));
        if (updated.secret() != null) body.put("secret", updated.secret());
        HttpSupport.send(ctx, 200, body);
    }

    private void delete(Context ctx, ApiKeyRecord key) {
        webhooks.delete(project(ctx, key), ctx.pathParam("uuid"));
        HttpSupport.send(ctx, 200, Json.success());
    }

    private void deliveries(Context ctx, ApiKeyRecord key) {
        int limit = HttpSupport.number(ctx, "limit", 100, 1, 500);
        int offset = HttpSupport.number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        ArrayNode list = Json.array();
        webhooks.deliveries(project(ctx, key), ctx.pathParam("uuid"), limit, offset).forEach(d -> list.add(json(d)));
        ObjectNode body = Json.success();
        body.set("deliveries", list);
        HttpSupport.send(ctx, 200, body);
    }

    private void redeliver(Context ctx, ApiKeyRecord key) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.WEBHOOK_DELIVERY_NOT_FOUND.with("no delivery " + ctx.pathParam("id"));
        }
        Delivery delivery = webhooks.redeliver(project(ctx, key), ctx.pathParam("uuid"), id);
        ObjectNode body = Json.success();
        body.set("delivery", json(delivery));
        HttpSupport.send(ctx, 200, body);
    }

    /** The body's members, checked: unknown members, wrong types and malformed event names are refused. */
    private static WebhookService.Spec spec(ObjectNode input) {
        input.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) throw ApiError.INVALID_PARAMETER.with("unknown member '" + name + "'");
        });
        String url = text(input, "url");
        String description = text(input, "description");
        if (description != null && description.length() > 500) throw ApiError.INVALID_PARAMETER.with("description is at most 500 characters");
        Boolean active = null;
        if (input.has("active")) {
            if (!input.get("active").isBoolean()) throw ApiError.INVALID_PARAMETER.with("active must be true or false");
            active = input.get("active").asBoolean();
        }
        List<String> events = null;
        if (input.has("events")) {
            JsonNode list = input.get("events");
            if (!list.isArray() || list.size() > 50) throw ApiError.INVALID_PARAMETER.with("events must be a list of at most 50 event kinds");
            events = new ArrayList<>();
            for (JsonNode e : list) {
                if (!e.isTextual() || !(e.asText().equals("*") || e.asText().matches("[a-z_]{1,40}(\\.[a-z_]{1,40})?"))) {
                    throw ApiError.INVALID_PARAMETER.with("each event must be a kind like file.created, an item type like file, or \"*\"");
                }
                if (!events.contains(e.asText())) events.add(e.asText());
            }
        }
        return new WebhookService.Spec(url, events == null ? null : List.copyOf(events), description, active);
    }

    private static String text(ObjectNode input, String name) {
        if (!input.has(name) || input.get(name).isNull()) return null;
        if (!input.get(name).isTextual()) throw ApiError.INVALID_PARAMETER.with(name + " must be a string");
        return input.get(name).asText();
    }


    static ObjectNode json(Webhook w) {
        ObjectNode o = Json.object();
        o.put("uuid", w.uuid());
        o.put("project", w.project());
        o.put("url", w.url());
        ArrayNode events = o.putArray("events");
        w.events().forEach(events::add);
        o.put("description", w.description());
        o.put("active", w.active());
        o.put("created_at", AssetJson.time(w.createdAt()));
        o.put("updated_at", AssetJson.time(w.updatedAt()));
        return o;
    }

    static ObjectNode json(Delivery d) {
        ObjectNode o = Json.object();
        o.put("id", d.id());
        o.put("event_id", d.eventId());
        o.put("event_seq", d.eventSeq());
        o.put("kind", d.kind());
        o.put("item_uuid", d.itemUuid());
        o.put("status", d.status());
        o.put("attempts", d.attempts());
        o.put("next_attempt_at", d.status().equals(Delivery.PENDING) ? AssetJson.time(d.nextAttemptAt()) : null);
        if (d.lastStatus() == null) o.putNull("last_status");
        else o.put("last_status", d.lastStatus());
        o.put("last_error", d.lastError());
        o.put("created_at", AssetJson.time(d.createdAt()));
        o.put("delivered_at", d.deliveredAt() == null ? null : AssetJson.time(d.deliveredAt()));
        return o;
    }
}
