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
    /** One Mac per thread: {@code Mac.getInstance} looks up the provider each time, which cost more than the hash (issue 17's profile). */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private Hmac() {}

    /** The key for {@code label}: HMAC-SHA256(server secret, label). */
    public static SecretKeySpec derive(byte[] serverSecret, String label) {
        return new SecretKeySpec(sign(new SecretKeySpec(serverSecret, "HmacSHA256"), label.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }

    public static byte[] sign(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = MACS.get();
            mac.init(key); // also resets it: a call that threw midway leaves nothing behind
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
