package dev.assetgate.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Upload policy tokens: {@code UPOL__v1.<kid>.<claims>.<mac>}, the claims base64url JSON, the MAC
 * HMAC-SHA256 over everything before it with a key derived from the server secret (its own label, so
 * no SASS key or signed URL is ever a valid policy). API keys are stored hashed, so the server signs,
 * as an S3 presigned POST is signed by a credential the server knows. {@code kid} names the signing
 * key: previous secrets keep verifying policies signed before a rotation. Any node verifies a policy
 * without the database; changing any byte makes it invalid.
 */
public final class UploadPolicyCodec {
    public static final String PREFIX = "UPOL__v1.";
    /** The longest token accepted (it travels in a request header). */
    public static final int MAX_LENGTH = 4096;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final String currentKid;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    public UploadPolicyCodec(byte[] secret, List<byte[]> previous) {
        this.currentKid = add(secret);
        previous.forEach(this::add);
    }

    private String add(byte[] serverSecret) {
        byte[] signing = hmac(new SecretKeySpec(serverSecret, "HmacSHA256"), "assetgate/upload-policy/v1".getBytes(StandardCharsets.UTF_8));
        String kid;
        try {
            kid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signing), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        keys.putIfAbsent(kid, new SecretKeySpec(signing, "HmacSHA256"));
        return kid;
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
        String signed = PREFIX + currentKid + "." + B64.encodeToString(Json.write(c).getBytes(StandardCharsets.UTF_8));
        return signed + "." + B64.encodeToString(hmac(keys.get(currentKid), signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Checks form and signature and returns the policy; expiry, project and signer are the caller's next checks. */
    public UploadPolicy verify(String token) {
        if (token == null || token.length() > MAX_LENGTH || !token.startsWith(PREFIX)) throw invalid("malformed");
        int macDot = token.lastIndexOf('.');
        int kidDot = token.indexOf('.', PREFIX.length());
        if (kidDot < 0 || macDot <= kidDot) throw invalid("malformed");
        SecretKeySpec key = keys.get(token.substring(PREFIX.length(), kidDot));
        if (key == null) throw invalid("forged");
        byte[] presentedMac;
        byte[] claims;
        try {
            presentedMac = B64D.decode(token.substring(macDot + 1));
            claims = B64D.decode(token.substring(kidDot + 1, macDot));
        } catch (IllegalArgumentException e) {
            throw invalid("malformed");
        }
        byte[] expected = hmac(key, token.substring(0, macDot).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, presentedMac)) throw invalid("forged");
        // canonical encoding only: a re-encoded (padded) MAC would otherwise also pass
        if (!B64.encodeToString(presentedMac).equals(token.substring(macDot + 1))) throw invalid("forged");
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

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
