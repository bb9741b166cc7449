package dev.assetgate.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-contained signed tokens {@code <prefix><kid>.<claims>.<mac>}: the claims base64url, the MAC
 * base64url HMAC-SHA256 over everything before it, with a key derived from the server secret under the
 * token kind's label ({@link Hmac#derive}). {@code kid} names the signing key, so previous secrets keep
 * verifying tokens signed before a rotation. Any node verifies without the database; changing any byte
 * makes a token invalid. What the claims mean is the codec's business (SASS keys, upload policies).
 */
public final class SignedTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final String prefix;
    private final int maxLength;
    private final String currentKid;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    /** {@code secret} signs new tokens; {@code previous} secrets only verify. */
    public SignedTokens(String label, String prefix, int maxLength, byte[] secret, List<byte[]> previous) {
        this.prefix = prefix;
        this.maxLength = maxLength;
        this.currentKid = add(Hmac.derive(secret, label));
        previous.forEach(p -> add(Hmac.derive(p, label)));
    }

    private String add(SecretKeySpec signing) {
        String kid;
        try {
            kid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signing.getEncoded()), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        keys.putIfAbsent(kid, signing);
        return kid;
    }

    public String sign(byte[] claims) {
        String signed = prefix + currentKid + "." + B64.encodeToString(claims);
        return signed + "." + B64.encodeToString(Hmac.sign(keys.get(currentKid), signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The claims of a genuine token; otherwise throws {@code invalid.apply(reason)}, the reason
     * {@code "malformed"} (not of this form) or {@code "forged"} (unknown key or wrong MAC).
     */
    public byte[] verify(String token, Function<String, RuntimeException> invalid) {
        if (token == null || token.length() > maxLength || !token.startsWith(prefix)) throw invalid.apply("malformed");
        int macDot = token.lastIndexOf('.');
        int kidDot = token.indexOf('.', prefix.length());
        if (kidDot < 0 || macDot <= kidDot) throw invalid.apply("malformed");
        SecretKeySpec key = keys.get(token.substring(prefix.length(), kidDot));
        if (key == null) throw invalid.apply("forged");
        byte[] presentedMac;
        byte[] claims;
        try {
            presentedMac = B64D.decode(token.substring(macDot + 1));
            claims = B64D.decode(token.substring(kidDot + 1, macDot));
        } catch (IllegalArgumentException e) {
            throw invalid.apply("malformed");
        }
        byte[] expected = Hmac.sign(key, token.substring(0, macDot).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, presentedMac)) throw invalid.apply("forged");
        // canonical encoding only: a re-encoded (padded) MAC would otherwise also pass
        if (!B64.encodeToString(presentedMac).equals(token.substring(macDot + 1))) throw invalid.apply("forged");
        return claims;
    }
}
