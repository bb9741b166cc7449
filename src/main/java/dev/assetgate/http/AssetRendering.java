package dev.assetgate.http;

import dev.assetgate.approvals.ApprovalService;
import dev.assetgate.images.Derivatives;
import dev.assetgate.labels.LabelService;
import dev.assetgate.store.FileDetails;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Project;
import dev.assetgate.visibility.DeliverySigner;
import dev.assetgate.visibility.VisibilityService;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;
import dev.assetgate.products.ProductService;

/** Makes the {@link AssetJson} renderer of a project call, with the services the rendered fields read. */
public final class AssetRendering {
    private final VisibilityService visibility;
    private final ApprovalService approvals;
    private final LabelService labels;
    private final ProductService products;
    private final PreviewUrls previews;
    private final FileDetails.Store details;
    private final RenderedFiles rendered;

    public AssetRendering(VisibilityService visibility, ApprovalService approvals, LabelService labels,
                          ProductService products, FileDetails.Store details, Derivatives images, DeliverySigner signer, Clock clock) {
        this.details = details;
        this.visibility = visibility;
        this.approvals = approvals;
        this.labels = labels;
        this.products = products;
        this.previews = new PreviewUrls(images, signer, clock);
        this.rendered = new RenderedFiles(clock);
    }

    /** A renderer for this answer; it reads visibility settings as it goes, so ask for a new one after a change. */
    public AssetJson of(ProjectCall call) {
        return of(call.ctx, call.project, call.version, call.query("format"));
    }

    /** The renderer a call on {@code project} uses (also for an anonymous read of a public file). */
    public AssetJson of(Context ctx, Project project, String version, String format) {
        String token = project.token();
        return new AssetJson(RequestFacts.baseUrl(ctx), project, version, visibility.resolver(token), approvals,
                uuids -> labels.ofFiles(token, uuids), uuids -> products.ofFiles(token, uuids), AssetJson.wantsFullLabels(format), previews, rendered);
    }

    /** A file of the project with all its object shows, in one catalog read; empty when there is no such file. */
    public Optional<FileDetails> details(String project, String uuid) {
        return details.find(project, uuid);
    }

    /** True when the file read with its details is public on the CDN. */
    public boolean isPublic(FileDetails read) {
        return visibility.resolver(read.file().project()).ofFile(read).isPublic();
    }

    /** The file's url.cdn with a transformation (a query such as "w=200"), signed when the file is not public. */
    public String transformedUrl(ProjectCall call, FileRecord file, String transform) {
        String cdn = RequestFacts.baseUrl(call.ctx) + "/" + call.token() + "/cdn" + AssetJson.encodePath(file.path());
        return previews.url(file, cdn, file.sha1().substring(0, 6), transform, isPublic(file));
    }

    /** True when the file is public on the CDN (the rule anonymous reads follow). */
    public boolean isPublic(FileRecord file) {
        return visibility.isPublic(file.project(), file);
    }
}
