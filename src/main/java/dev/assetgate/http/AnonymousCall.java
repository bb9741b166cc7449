package dev.assetgate.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.Assetgate;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Project;
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
    private final Assetgate app;

    AnonymousCall(Context ctx, String version, Assetgate app) {
        this.ctx = ctx;
        this.version = version;
        this.app = app;
    }

    /** The project of the path, if there is one. */
    public Optional<Project> project() {
        return app.projects.find(ctx.pathParam("token"));
    }

    /** True when the file is public on the CDN (the same rule as the anonymous CDN path). */
    public boolean isPublic(FileRecord file) {
        return app.visibility.isPublic(file.project(), file);
    }

    public String query(String name) {
        return HttpSupport.query(ctx, name);
    }

    /** The renderer a keyed call on {@code project} would use. */
    public AssetJson render(Project project) {
        return AssetJson.forProject(app.http().baseUrl(ctx), project, version, app.visibility, app.approvals, app.labels, query("format"));
    }

    public void ok(ObjectNode body) {
        HttpSupport.send(ctx, 200, body);
    }
}
