package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.AccessGuard;
import dev.assetgate.access.Permission;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import io.javalin.http.Context;

/** One authorised call on a project: the request, the verified key, the project and the API version. */
public final class ProjectCall {
    public final Context ctx;
    public final ApiKeyRecord key;
    public final Project project;
    public final String version;
    private final HttpSupport http;

    ProjectCall(Context ctx, ApiKeyRecord key, Project project, String version, HttpSupport http) {
        this.ctx = ctx;
        this.key = key;
        this.project = project;
        this.version = version;
        this.http = http;
    }

    public String token() {
        return project.token();
    }

    /** For routes registered with {@link Need#decidedByHandler()}. */
    public void require(Permission... permissions) {
        AccessGuard.requireAll(key, permissions);
    }

    public JsonNode jsonBody() {
        return http.jsonBody(ctx);
    }

    public ObjectNode jsonObjectBody() {
        return http.jsonObjectBody(ctx);
    }

    public String query(String name) {
        return HttpSupport.query(ctx, name);
    }

    public AssetJson render() {
        return new AssetJson(http.baseUrl(ctx), project, version, http.cdnPublic());
    }

    public void ok(ObjectNode body) {
        HttpSupport.send(ctx, 200, body);
    }

    public void status201(ObjectNode body) {
        HttpSupport.send(ctx, 201, body);
    }
}
