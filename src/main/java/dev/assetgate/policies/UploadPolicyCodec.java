package dev.assetgate.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.SignedTokens;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Upload policy tokens: {@code UPOL__v1.<kid>.<claims>.<mac>} ({@link SignedTokens}: key ids, previous
 * secrets during a rotation, no database read), the claims base64url JSON, signed under their own label,
 * so no SASS key or signed URL is ever a valid policy. API keys are stored hashed, so the server signs,
 * as an S3 presigned POST is signed by a credential the server knows.
 */
public final class UploadPolicyCodec {
    public static final String PREFIX = "UPOL__v1.";
    /** The longest token accepted (it travels in a request header). */
    public static final int MAX_LENGTH = 4096;
    private final SignedTokens tokens;

    public UploadPolicyCodec(byte[] secret, List<byte[]> previous) {
        this.tokens = new SignedTokens("assetgate/upload-policy/v1", PREFIX, MAX_LENGTH, secret, previous);
    }

    public String sign(UploadPolicy p) {
        ObjectNode c = Json.object().put("id", p.id()).put("project", p.project()).put("signer", p.signer())
                .put("folder", p.folder()).put("name", p.name()).put("min_bytes", p.minBytes()).put("max_bytes", p.maxBytes())
                .put("iat", p.issuedAt().getEpochSecond()).put("exp", p.expiresAt().getEpochSecond());
        ArrayNode types = c.putArray("allowed_types");
        p.allowedTypes().forEach(types::add);
        if (p.meta() != null) c.set("meta", p.meta());
        ArrayNode tags = c.putArray("tags");
        p.tags().forEach(tags::add);
        return tokens.sign(Json.write(c).getBytes(StandardCharsets.UTF_8));
    }

    /** Checks form and signature and returns the policy; expiry, project and signer are the caller's next checks. */
    public UploadPolicy verify(String token) {
        byte[] claims = tokens.verify(token, UploadPolicyCodec::invalid);
        try {
            JsonNode c = Json.MAPPER.readTree(claims);
            List<String> types = new ArrayList<>();
            c.path("allowed_types").forEach(t -> types.add(t.asText()));
            List<String> tags = new ArrayList<>();
            c.path("tags").forEach(t -> tags.add(t.asText()));
            return new UploadPolicy(c.get("id").asText(), c.get("project").asText(), c.get("signer").asText(), c.get("folder").asText(),
                    c.path("name").isTextual() ? c.get("name").asText() : null, c.get("min_bytes").asLong(), c.get("max_bytes").asLong(),
                    types, Instant.ofEpochSecond(c.get("iat").asLong()), Instant.ofEpochSecond(c.get("exp").asLong()),
                    c.path("meta").isObject() ? (ObjectNode) c.get("meta") : null, tags);
        } catch (java.io.IOException | RuntimeException e) {
            throw invalid("malformed"); // signed by this server, so never in practice; fail closed all the same
        }
    }

    static ApiException invalid(String reason) {
        return ApiError.UPLOAD_POLICY_INVALID.with("the upload policy is not valid").reason("upload_policy_" + reason);
    }
}
