package dev.assetgate.templates;

import dev.assetgate.access.SignedTokens;
import dev.assetgate.error.ApiError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Self-contained, signed SASS keys: {@code SASS__v1.<kid>.<claims>.<mac>}. The claims are
 * base64url(project TAB template TAB version TAB issued TAB expires TAB key id [TAB subject]); the MAC is
 * HMAC-SHA256 over everything before it, with a signing key derived from the server secret
 * ({@link SignedTokens}: key ids, previous secrets during a rotation, no database read).
 */
public final class SassCodec {
    static final String PREFIX = "SASS__v1.";
    private static final int MAX_LENGTH = 512;
    private final SignedTokens tokens;

    /** {@code secret} signs new keys; {@code previous} secrets only verify. */
    public SassCodec(byte[] secret, List<byte[]> previous) {
        this.tokens = new SignedTokens("assetgate/sass/v1", PREFIX, MAX_LENGTH, secret, previous);
    }

    public static boolean looksLikeSass(String presented) {
        return presented != null && presented.startsWith("SASS__");
    }

    public String mint(SassClaims c) {
        String claims = String.join("\t", c.project(), c.templateId(), Long.toString(c.templateVersion()),
                Long.toString(c.issuedAt().getEpochSecond()), Long.toString(c.expiresAt().getEpochSecond()), c.keyId());
        if (c.subject() != null) claims += "\t" + c.subject(); // a per-user key: its subject is signed with the rest
        return tokens.sign(claims.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks form and signature and returns the claims; expiry and revocation are the caller's next checks. */
    public SassClaims verify(String token) {
        byte[] claimBytes = tokens.verify(token, reason -> invalid());
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
}
