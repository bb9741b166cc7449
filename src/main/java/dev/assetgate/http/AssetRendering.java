package dev.assetgate.http;

import dev.assetgate.approvals.ApprovalService;
import dev.assetgate.labels.LabelService;
import dev.assetgate.visibility.VisibilityService;

/** Makes the {@link AssetJson} renderer of a project call, with the services the rendered fields read. */
public final class AssetRendering {
    private final VisibilityService visibility;
    private final ApprovalService approvals;
    private final LabelService labels;

    public AssetRendering(VisibilityService visibility, ApprovalService approvals, LabelService labels) {
        this.visibility = visibility;
        this.approvals = approvals;
        this.labels = labels;
    }

    /** A renderer for this answer; it reads visibility settings as it goes, so ask for a new one after a change. */
    public AssetJson of(ProjectCall call) {
        String token = call.token();
        return new AssetJson(RequestFacts.baseUrl(call.ctx), call.project, call.version, visibility.resolver(token), approvals,
                uuids -> labels.ofFiles(token, uuids), AssetJson.wantsFullLabels(call.query("format")));
    }
}
