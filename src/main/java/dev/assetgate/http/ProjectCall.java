package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Access;
import dev.assetgate.access.Principal;
import dev.assetgate.store.Project;
import io.javalin.http.Context;
import java.net.InetAddress;

/**
 * One authorised call on a project: the request facts (context, API version, client address, its
 * body and query) and the {@link Access} the decider granted, which checks what the call touches and
 * counts last. What an answer renders comes from the routes class's own services ({@link AssetRendering}).
 */
public final class ProjectCall {
    public final Context ctx;
    public final Access access;
    public final Principal principal;
    public final Project project;
    public final String version;
    public final InetAddress clientIp;
    private final HttpSupport http;

    ProjectCall(Context ctx, Access access, String version, InetAddress clientIp, HttpSupport http) {
        this.ctx = ctx;
        this.access = access;
        this.principal = access.principal();
        this.project = access.project();
        this.version = version;
        this.clientIp = clientIp;
        this.http = http;
    }

    public String token() {
        return project.token();
    }

    // ------------------------------------------------------------------ request and response

    public JsonNode jsonBody() {
        return http.jsonBody(ctx);
    }

    public ObjectNode jsonObjectBody() {
        return http.jsonObjectBody(ctx);
    }

    public String query(String name) {
        return HttpSupport.query(ctx, name);
    }

    /** The successful answer; what the route declared to count is counted first if the handler did not. */
    public void ok(ObjectNode body) {
        access.countDeclared();
        HttpSupport.send(ctx, 200, body);
    }
}
