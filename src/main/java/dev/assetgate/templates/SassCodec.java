package dev.assetgate.templates;

import dev.assetgate.error.ApiError;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-contained, signed SASS keys: {@code SASS__v1.<kid>.<claims>.<mac>}. The claims are
 * base64url(project TAB template TAB version TAB issued TAB expires TAB key id [TAB subject]); the MAC is
 * HMAC-SHA256 over everything before it, with a signing key derived from the server secret. The
 * {@code kid} names that signing key, so previous secrets keep verifying live keys during a
 * rotation. Any node with the secret verifies a key without touching the database; changing any
 * byte makes it invalid.
 */
public final class SassCodec {
    static final String PREFIX = "SASS__v1.";
    private static final int MAX_LENGTH = 512;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final String currentKid;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    /** {@code secret} signs new keys; {@code previous} secrets only verify. */
    public SassCodec(byte[] secret, List<byte[]> previous) {
        this.currentKid = add(secret);
        previous.forEach(this::add);
    }

    private String add(byte[] serverSecret) {
        byte[] signing = hmac(new SecretKeySpec(serverSecret, "HmacSHA256"), "assetgate/sass/v1".getBytes(StandardCharsets.UTF_8));
        String kid;
        try {
            kid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signing), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        keys.putIfAbsent(kid, new SecretKeySpec(signing, "HmacSHA256"));
        return kid;
    }

    public static boolean looksLikeSass(String presented) {
        return presented != null && presented.startsWith("SASS__");
    }

    public String mint(SassClaims c) {
        String claims = String.join("\t", c.project(), c.templateId(), Long.toString(c.templateVersion()),
                Long.toString(c.issuedAt().getEpochSecond()), Long.toString(c.expiresAt().getEpochSecond()), c.keyId());
        if (c.subject() != null) claims += "\t" + c.subject(); // a per-user key: its subject is signed with the rest
        String signed = PREFIX + currentKid + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return signed + "." + B64.encodeToString(hmac(keys.get(currentKid), signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Checks form and signature and returns the claims; expiry and revocation are the caller's next checks. */
    public SassClaims verify(String token) {
        if (token == null || token.length() > MAX_LENGTH || !token.startsWith(PREFIX)) {
            throw invalid();
        }
        int macDot = token.lastIndexOf('.');
        int kidDot = token.indexOf('.', PREFIX.length());
        if (macDot <= kidDot || kidDot < 0) throw invalid();
        SecretKeySpec key = keys.get(token.substring(PREFIX.length(), kidDot));
        if (key == null) throw invalid();
        byte[] presentedMac;
        byte[] claimBytes;
        try {
            presentedMac = B64D.decode(token.substring(macDot + 1));
            claimBytes = B64D.decode(token.substring(kidDot + 1, macDot));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        byte[] expectedMac = hmac(key, token.substring(0, macDot).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expectedMac, presentedMac)) {
            throw invalid();
        }
        // Canonical encoding only: a re-encoded (padded, differently cased) MAC would otherwise also pass.
        if (!B64.encodeToString(presentedMac).equals(token.substring(macDot + 1))) throw invalid();
        String[] f = new String(claimBytes, StandardCharsets.UTF_8).split("\t", -1);
        if (f.length != 6 && f.length != 7) throw invalid();
        try {
            return new SassClaims(f[5], f[0], f[1], Long.parseLong(f[2]), Instant.ofEpochSecond(Long.parseLong(f[3])),
                    Instant.ofEpochSecond(Long.parseLong(f[4])), f.length == 7 ? f[6] : null);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static RuntimeException invalid() {
        return ApiError.UNAUTHORIZED.with("the SASS key is not valid").reason("forged"); // or malformed: never from this server
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
