package dev.assetgate.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.store.Project;
import dev.assetgate.store.ProjectStore;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * A call on a project route that presented no credential at all ({@link RouteTable#projectOrAnonymous}).
 * No key means no permission and no folder scope: the handler may answer only what anyone may see
 * (a public file, the public part of the settings), and answers anything else as if it did not exist.
 */
public final class AnonymousCall {
    public final Context ctx;
    public final String version;
    private final ProjectStore projects;

    AnonymousCall(Context ctx, String version, ProjectStore projects) {
        this.ctx = ctx;
        this.version = version;
        this.projects = projects;
    }

    /** The project of the path, if there is one. */
    public Optional<Project> project() {
        return projects.find(ctx.pathParam("token"));
    }

    public String query(String name) {
        return HttpSupport.query(ctx, name);
    }

    public void ok(ObjectNode body) {
        HttpSupport.send(ctx, 200, body);
    }
}
