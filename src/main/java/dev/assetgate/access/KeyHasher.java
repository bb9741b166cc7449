package dev.assetgate.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and hashes API secret keys. A key is {@code agsk_} + 64 lowercase hex (256 random bits):
 * the prefix lets secret scanners find a leaked key. At rest only HMAC-SHA256(server secret, key)
 * is kept, so a copy of the database alone does not yield usable keys.
 */
public final class KeyHasher {
    public static final String PREFIX = "agsk_";
    private static final int HINT_LENGTH = PREFIX.length() + 6;
    private final SecretKeySpec macKey;
    private final SecureRandom random = new SecureRandom();

    public KeyHasher(byte[] serverSecret) {
        this.macKey = new SecretKeySpec(serverSecret, "HmacSHA256");
    }

    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    public String hash(String secret) {
        return HexFormat.of().formatHex(Hmac.sign(macKey, secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time comparison of two hashes. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** The displayable start of a key, e.g. "agsk_1a2b3c", enough to tell keys apart, useless to an attacker. */
    public static String hint(String secret) {
        return secret.substring(0, Math.min(HINT_LENGTH, secret.length()));
    }

    /** Cheap shape check before any hashing: refuses obviously malformed input early. */
    public static boolean looksLikeKey(String presented) {
        if (presented.length() != PREFIX.length() + 64 || !presented.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < presented.length(); i++) {
            char ch = presented.charAt(i);
            if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
