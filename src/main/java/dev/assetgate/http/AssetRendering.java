package dev.assetgate.http;

import dev.assetgate.approvals.ApprovalService;
import dev.assetgate.labels.LabelService;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Project;
import dev.assetgate.visibility.VisibilityService;
import io.javalin.http.Context;

/** Makes the {@link AssetJson} renderer of a project call, with the services the rendered fields read. */
public final class AssetRendering {
    private final VisibilityService visibility;
    private final ApprovalService approvals;
    private final LabelService labels;
    private final dev.assetgate.products.ProductService products;

    public AssetRendering(VisibilityService visibility, ApprovalService approvals, LabelService labels,
                          dev.assetgate.products.ProductService products) {
        this.visibility = visibility;
        this.approvals = approvals;
        this.labels = labels;
        this.products = products;
    }

    /** A renderer for this answer; it reads visibility settings as it goes, so ask for a new one after a change. */
    public AssetJson of(ProjectCall call) {
        return of(call.ctx, call.project, call.version, call.query("format"));
    }

    /** The renderer a call on {@code project} uses (also for an anonymous read of a public file). */
    public AssetJson of(Context ctx, Project project, String version, String format) {
        String token = project.token();
        return new AssetJson(RequestFacts.baseUrl(ctx), project, version, visibility.resolver(token), approvals,
                uuids -> labels.ofFiles(token, uuids), uuids -> products.ofFiles(token, uuids), AssetJson.wantsFullLabels(format));
    }

    /** True when the file is public on the CDN (the rule anonymous reads follow). */
    public boolean isPublic(FileRecord file) {
        return visibility.isPublic(file.project(), file);
    }
}
