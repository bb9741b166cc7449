package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Access;
import dev.assetgate.access.Principal;
import dev.assetgate.approvals.ApprovalService;
import dev.assetgate.labels.LabelService;
import dev.assetgate.store.Project;
import dev.assetgate.visibility.VisibilityService;
import io.javalin.http.Context;
import java.net.InetAddress;

/**
 * One authorised call on a project: the request facts (context, API version, client address) and
 * the {@link Access} the decider granted, which checks what the call touches and counts last.
 */
public final class ProjectCall {
    public final Context ctx;
    public final Access access;
    public final Principal principal;
    public final Project project;
    public final String version;
    public final InetAddress clientIp;
    private final HttpSupport http;
    private final ApprovalService approvals;
    private final VisibilityService visibility;
    private final LabelService labels;

    ProjectCall(Context ctx, Access access, String version, InetAddress clientIp, HttpSupport http,
                ApprovalService approvals, VisibilityService visibility, LabelService labels) {
        this.ctx = ctx;
        this.access = access;
        this.principal = access.principal();
        this.project = access.project();
        this.version = version;
        this.clientIp = clientIp;
        this.http = http;
        this.approvals = approvals;
        this.visibility = visibility;
        this.labels = labels;
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

    /** A renderer for this answer; it reads visibility settings as it goes, so ask for a new one after a change. */
    public AssetJson render() {
        return AssetJson.forProject(http.baseUrl(ctx), project, version, visibility, approvals, labels, query("format"));
    }

    String baseUrl() {
        return http.baseUrl(ctx);
    }

    /** The successful answer; what the route declared to count is counted first if the handler did not. */
    public void ok(ObjectNode body) {
        access.settle();
        HttpSupport.send(ctx, 200, body);
    }
}
