package dev.assetgate.sharing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Access tokens for password-protected shares: proof that the caller gave the right password
 * recently, so that the page, its reloads and every download do not send (and spend an attempt on)
 * the password again. A token is {@code v1.<expiry epoch seconds>.<MAC>}, where the MAC
 * (HMAC-SHA256 with a key derived from the server secret) binds the share, its current password
 * hash and the expiry: changing or removing the password, or deleting the share, voids every token.
 * Any node verifies a token without a database write.
 */
public final class ShareAccess {
    public static final Duration LIFETIME = Duration.ofHours(1);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key;

    public ShareAccess(byte[] serverSecret) {
        this.key = hmac(serverSecret, "assetgate/share-access/v1");
    }

    public record Token(String value, Instant expiresAt) {}

    public Token mint(Share share, Instant now) {
        long expires = now.plus(LIFETIME).getEpochSecond();
        return new Token("v1." + expires + "." + mac(share, expires), Instant.ofEpochSecond(expires));
    }

    /** The token, when it was minted for this share and its current password and has not expired. */
    public java.util.Optional<Token> check(Share share, String token, Instant now) {
        if (token == null || !share.passwordProtected()) return java.util.Optional.empty();
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1")) return java.util.Optional.empty();
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
        if (now.getEpochSecond() >= expires || expires > now.plus(LIFETIME).getEpochSecond() + 60) return java.util.Optional.empty();
        boolean genuine = MessageDigest.isEqual(mac(share, expires).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII));
        return genuine ? java.util.Optional.of(new Token(token, Instant.ofEpochSecond(expires))) : java.util.Optional.empty();
    }

    private String mac(Share share, long expires) {
        String claims = share.project() + "\n" + share.uuid() + "\n" + share.passwordHash() + "\n" + expires;
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
