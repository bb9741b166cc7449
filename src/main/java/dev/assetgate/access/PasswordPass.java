package dev.assetgate.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that a caller gave the right password to something password-protected (a share, an Airbox)
 * recently, so the password itself travels once. A token is {@code v1.<expiry epoch seconds>.<MAC>},
 * the MAC (HMAC-SHA256 with a key derived from the server secret under the kind's own label, so no
 * token of one kind passes for another) binding the project, the uuid, the current password hash and
 * the expiry: changing or removing the password, or deleting the protected thing, voids every token.
 * Any node verifies a token without a database write.
 */
public final class PasswordPass {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecretKeySpec key;
    private final Duration lifetime;

    public PasswordPass(byte[] serverSecret, String label, Duration lifetime) {
        this.key = Hmac.derive(serverSecret, label);
        this.lifetime = lifetime;
    }

    public record Token(String value, Instant expiresAt) {}

    public Token mint(String project, String uuid, String passwordHash, Instant now) {
        long expires = now.plus(lifetime).getEpochSecond();
        return new Token("v1." + expires + "." + mac(project, uuid, passwordHash, expires), Instant.ofEpochSecond(expires));
    }

    /** The token, when it was minted for this project, uuid and current password hash and has not expired. */
    public Optional<Token> check(String project, String uuid, String passwordHash, String token, Instant now) {
        if (token == null) return Optional.empty();
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1")) return Optional.empty();
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (now.getEpochSecond() >= expires || expires > now.plus(lifetime).getEpochSecond() + 60) return Optional.empty();
        boolean genuine = MessageDigest.isEqual(mac(project, uuid, passwordHash, expires).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII));
        return genuine ? Optional.of(new Token(token, Instant.ofEpochSecond(expires))) : Optional.empty();
    }

    private String mac(String project, String uuid, String passwordHash, long expires) {
        String claims = project + "\n" + uuid + "\n" + passwordHash + "\n" + expires;
        return B64.encodeToString(Hmac.sign(key, claims.getBytes(StandardCharsets.UTF_8)));
    }
}
