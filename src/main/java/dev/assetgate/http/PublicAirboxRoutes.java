package dev.assetgate.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.PasswordPass;
import dev.assetgate.airbox.Airbox;
import dev.assetgate.airbox.AirboxService;
import dev.assetgate.error.ApiException;
import io.javalin.http.Context;

/**
 * The public side of Airboxes, with no key (open routes; each check is {@link AirboxService#open}'s
 * and {@link AirboxService#unlock}'s): the upload page {@code GET /{token}/airbox/{puid}}, what an
 * uploader needs to know {@code GET /{token}/v4/airbox/{puid}} (title, message, form, types; never a
 * file), and the password unlock {@code POST /{token}/airbox/{puid}/unlock}, which answers an access
 * token for the {@code X-Airbox-Access} header. The upload itself is the normal upload route with
 * {@code X-Filerobot-Airbox-Puid}, decided by the {@link RouteTable} like any other.
 */
public final class PublicAirboxRoutes {
    private final AirboxService airboxes;
    private final HttpSupport http;

    public PublicAirboxRoutes(AirboxService airboxes, HttpSupport http) {
        this.airboxes = airboxes;
        this.http = http;
    }

    public void register(RouteTable routes) {
        routes.open(GET, "/{token}/airbox/{puid}", this::page);
        routes.open(GET, "/{token}/v4/airbox/{puid}", this::read);
        routes.openAudited(POST, "/{token}/airbox/{puid}/unlock", this::unlock);
    }

    private void page(Context ctx) {
        String token = ctx.pathParam("token");
        try {
            AirboxPage.upload(ctx, token, airboxes.open(token, ctx.pathParam("puid")));
        } catch (ApiException e) {
            AirboxPage.refused(ctx, e);
        }
    }

    private void read(Context ctx) {
        Airbox a = airboxes.open(ctx.pathParam("token"), ctx.pathParam("puid"));
        ObjectNode body = Json.success();
        ObjectNode o = body.putObject("airbox");
        o.put("puid", a.puid());
        o.put("title", a.title());
        o.put("message", a.message());
        o.put("password_protected", a.passwordProtected());
        o.put("ends_at", ShareRoutes.time(a.endsAt()));
        o.set("allowed_types", Json.MAPPER.valueToTree(a.allowedTypes()));
        o.set("form", a.form().toJson());
        ctx.header("Cache-Control", "no-store");
        HttpSupport.send(ctx, 200, body);
    }

    private void unlock(Context ctx) {
        Airbox airbox = airboxes.open(ctx.pathParam("token"), ctx.pathParam("puid"));
        ObjectNode in = http.jsonObjectBody(ctx);
        String password = in.path("password").isTextual() ? in.get("password").asText() : null;
        PasswordPass.Token token = airboxes.unlock(airbox, password, RequestFacts.clientIp(ctx));
        ObjectNode body = Json.success().put("password_protected", airbox.passwordProtected());
        if (token != null) body.put("access_token", token.value()).put("expires_at", token.expiresAt().toString());
        ctx.header("Cache-Control", "no-store");
        HttpSupport.send(ctx, 200, body);
    }
}
