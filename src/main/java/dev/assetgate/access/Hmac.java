package dev.assetgate.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256, and the signing keys derived from the server secret under a label: each token kind has
 * its own label, so no token of one kind is ever a valid token of another.
 */
public final class Hmac {
    private Hmac() {}

    /** The key for {@code label}: HMAC-SHA256(server secret, label). */
    public static SecretKeySpec derive(byte[] serverSecret, String label) {
        return new SecretKeySpec(sign(new SecretKeySpec(serverSecret, "HmacSHA256"), label.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }

    public static byte[] sign(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
