package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.AccessGuard;
import dev.assetgate.approvals.ApprovalService;
import dev.assetgate.access.FolderScope;
import dev.assetgate.access.Permission;
import dev.assetgate.access.Principal;
import dev.assetgate.assets.UploadLimit;
import dev.assetgate.error.ApiError;
import dev.assetgate.labels.LabelService;
import dev.assetgate.store.Project;
import dev.assetgate.templates.SassPrincipal;
import dev.assetgate.templates.TemplateService;
import dev.assetgate.visibility.VisibilityService;
import io.javalin.http.Context;
import java.net.InetAddress;

/**
 * One authorised call on a project: the request, who is calling, the project and the API version,
 * plus the per-action checks that depend on what the call touches (folder scopes, limits). An API
 * key passes every scope check; a SASS key is held to its template's rules.
 */
public final class ProjectCall {
    public final Context ctx;
    public final Principal principal;
    public final Project project;
    public final String version;
    public final InetAddress clientIp;
    private final HttpSupport http;
    private final TemplateService templates;
    private final ApprovalService approvals;
    private final VisibilityService visibility;
    private final LabelService labels;

    ProjectCall(Context ctx, Principal principal, Project project, String version, InetAddress clientIp,
                HttpSupport http, TemplateService templates, ApprovalService approvals, VisibilityService visibility,
                LabelService labels) {
        this.ctx = ctx;
        this.principal = principal;
        this.project = project;
        this.version = version;
        this.clientIp = clientIp;
        this.http = http;
        this.templates = templates;
        this.approvals = approvals;
        this.visibility = visibility;
        this.labels = labels;
    }

    public String token() {
        return project.token();
    }

    /** For overloaded routes: the permission of the action the body asks for. */
    public void require(Permission... permissions) {
        AccessGuard.requireAll(principal.permissions(), permissions);
    }

    // ------------------------------------------------------------------ folder scopes

    public FolderScope listScope() {
        return principal.listScope();
    }

    /** Listing or searching from {@code folder}: it must be in the list scope or lead into it (results are filtered). */
    public void checkListable(String folder) {
        FolderScope scope = principal.listScope();
        if (!scope.allows(folder) && !scope.leadsInto(folder)) {
            throw outside(folder, "listing.dir_scope", scope);
        }
    }

    /** Reading an item (details, bytes) in {@code folder}. */
    public void checkReadable(String folder) {
        if (!principal.listScope().allows(folder)) {
            throw outside(folder, "listing.dir_scope", principal.listScope());
        }
    }

    /** Reading a folder with everything below it (sharing a folder with its subtree). */
    public void checkReadableSubtree(String folder) {
        if (!principal.listScope().allowsSubtree(folder)) {
            throw outside(folder.equals("/") ? "/*" : folder + "/*", "listing.dir_scope", principal.listScope());
        }
    }

    /** Changing something in {@code folder} (rename, move, delete, metadata). */
    public void checkWritable(String folder) {
        if (!principal.uploadScope().allows(folder)) {
            throw outside(folder, "upload.dir_scope", principal.uploadScope());
        }
    }

    /** Moving or deleting a whole folder: everything below it must be in scope too. */
    public void checkWritableSubtree(String folder) {
        if (!principal.uploadScope().allowsSubtree(folder)) {
            throw outside(folder + "/*", "upload.dir_scope", principal.uploadScope());
        }
    }

    private static RuntimeException outside(String folder, String rule, FolderScope scope) {
        return ApiError.FOLDER_NOT_ALLOWED.with("folder " + folder + " is outside this key's scope " + scope.asList(),
                "Rule: " + rule);
    }

    // ------------------------------------------------------------------ limits (consuming: call after every other check)

    /** Admits one upload into {@code folder}: scope first, then the counted limits; returns the size limit. */
    public UploadLimit admitUpload(String folder) {
        checkWritable(folder);
        return reserveUpload();
    }

    /**
     * Reserves one upload against the counted limits (kept only if the request succeeds), before the
     * folder is known (a multipart body not read yet); returns the size limit. Its folder must still
     * pass {@link #checkWritable}.
     */
    public UploadLimit reserveUpload() {
        if (principal instanceof SassPrincipal sass) {
            HeldCounts.hold(ctx, templates.admitUpload(sass, clientIp));
            Long max = sass.policy().spec().uploadMaxFileSize();
            if (max != null) return new UploadLimit(max, "upload.max_file_size");
        }
        return new UploadLimit(Long.MAX_VALUE, "max-upload-bytes");
    }

    /** Counts a listing or search call against listing.max (reserved for this request, kept only if it succeeds). */
    public void admitListing() {
        if (principal instanceof SassPrincipal sass) {
            HeldCounts.hold(ctx, templates.admitListing(sass));
        }
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
        return new AssetJson(http.baseUrl(ctx), project, version, visibility.resolver(project.token()), approvals,
                uuids -> labels.ofFiles(project.token(), uuids), AssetJson.wantsFullLabels(query("format")));
    }

    String baseUrl() {
        return http.baseUrl(ctx);
    }

    public void ok(ObjectNode body) {
        HttpSupport.send(ctx, 200, body);
    }
}
