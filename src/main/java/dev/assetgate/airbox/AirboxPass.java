package dev.assetgate.airbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Access tokens of password-protected Airboxes: proof that the uploader gave the right password
 * recently ({@code POST /{token}/airbox/{puid}/unlock}), sent with each upload in the
 * {@code X-Airbox-Access} header, so the password itself travels once. A token is
 * {@code v1.<expiry epoch seconds>.<MAC>}, where the MAC (HMAC-SHA256 with a key derived from the
 * server secret, its own label so no share token passes) binds the Airbox, its current password hash
 * and the expiry: changing or removing the password, or deleting the Airbox, voids every token. Any
 * node verifies a token without a database write.
 */
public final class AirboxPass {
    public static final Duration LIFETIME = Duration.ofHours(2);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key;

    public AirboxPass(byte[] serverSecret) {
        this.key = hmac(serverSecret, "assetgate/airbox-access/v1");
    }

    public record Token(String value, Instant expiresAt) {}

    public Token mint(Airbox airbox, Instant now) {
        long expires = now.plus(LIFETIME).getEpochSecond();
        return new Token("v1." + expires + "." + mac(airbox, expires), Instant.ofEpochSecond(expires));
    }

    /** True when the token was minted for this Airbox and its current password and has not expired. */
    public boolean valid(Airbox airbox, String token, Instant now) {
        if (token == null || !airbox.passwordProtected()) return false;
        String[] parts = token.trim().split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1")) return false;
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (now.getEpochSecond() >= expires || expires > now.plus(LIFETIME).getEpochSecond() + 60) return false;
        return MessageDigest.isEqual(mac(airbox, expires).getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(Airbox airbox, long expires) {
        String claims = airbox.project() + "\n" + airbox.uuid() + "\n" + airbox.passwordHash() + "\n" + expires;
        return B64.encodeToString(hmac(key, claims));
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
