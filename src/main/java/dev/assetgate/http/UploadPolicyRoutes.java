package dev.assetgate.http;

import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Need;
import dev.assetgate.access.Permission;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.error.ApiError;
import dev.assetgate.policies.UploadPolicies;
import dev.assetgate.policies.UploadPolicy;
import dev.assetgate.store.ApiKeyRecord;

/**
 * Signing single-use upload policies (docs/upload-policies.md): an API key (or a console session)
 * holding FILE_UPLOAD on the project signs the terms of one upload; the upload itself is an ordinary
 * upload route presenting the token in {@link RouteTable#POLICY_HEADER} instead of a key.
 */
public final class UploadPolicyRoutes {
    private final UploadPolicies policies;
    private final AuditLog audit;

    public UploadPolicyRoutes(UploadPolicies policies, AuditLog audit) {
        this.policies = policies;
        this.audit = audit;
    }

    public void register(RouteTable routes) {
        routes.project(POST, "/upload-policies", Need.all(Permission.FILE_UPLOAD), this::sign);
    }

    private void sign(ProjectCall call) {
        // only a key the server can name signs: a SASS key or a policy would hand out more life than it has
        ApiKeyRecord signer = call.principal.apiKey().orElseThrow(() -> ApiError.PERMISSION_DENIED
                .with("an upload policy is signed with an API secret key (or a console session), not a SASS key or another policy")
                .reason("policy_signer_not_api_key"));
        ObjectNode body = call.jsonObjectBody();
        UploadPolicies.Terms terms = new UploadPolicies.Terms(Fields.optionalText(body, "path"), Fields.optionalText(body, "folder"),
                longField(body, "min_bytes"), longField(body, "max_bytes"), Fields.strings(body, "allowed_types"),
                longField(body, "expires_in"), Fields.object(body, "meta"), Fields.strings(body, "tags"));
        UploadPolicies.Signed signed = policies.sign(signer, call.project, terms);
        UploadPolicy p = signed.policy();
        // the policy may not reach further than its signer: checked as any write into its folder would be
        if (p.name() == null) call.access.writeSubtree(p.folder());
        else call.access.writeFolder(p.folder());
        Audit.action(audit, call.ctx, signer, "upload_policy.signed").project(p.project()).detail("policy", p.id())
                .detail("target", p.name() == null ? p.scopeEntry() : AssetPaths.join(p.folder(), p.name()))
                .detail("expires_at", p.expiresAt().toString()).record();
        ObjectNode answer = Json.success();
        ObjectNode out = answer.putObject("upload_policy");
        out.put("id", p.id()).put("token", signed.token()).put("header", RouteTable.POLICY_HEADER);
        if (p.name() != null) out.put("path", AssetPaths.join(p.folder(), p.name()));
        else out.put("folder", p.folder());
        out.put("min_bytes", p.minBytes()).put("max_bytes", p.maxBytes());
        p.allowedTypes().forEach(out.putArray("allowed_types")::add);
        if (p.meta() != null) out.set("meta", p.meta());
        p.tags().forEach(out.putArray("tags")::add);
        out.put("expires_at", p.expiresAt().toString());
        out.put("upload_url", "/" + p.project() + "/" + call.version + "/files?folder=" + java.net.URLEncoder.encode(p.folder(),
                java.nio.charset.StandardCharsets.UTF_8));
        call.ok(answer);
    }

    private static Long longField(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw ApiError.INVALID_PARAMETER.with(field + " must be a whole number");
        return v.asLong();
    }
}
