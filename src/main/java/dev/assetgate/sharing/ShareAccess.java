package dev.assetgate.sharing;

import dev.assetgate.access.PasswordPass;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Access tokens for password-protected shares ({@link PasswordPass}, label
 * {@code assetgate/share-access/v1}): proof that the caller gave the right password recently, so that
 * the page, its reloads and every download do not send (and spend an attempt on) the password again.
 */
public final class ShareAccess {
    public static final Duration LIFETIME = Duration.ofHours(1);
    private final PasswordPass pass;

    public ShareAccess(byte[] serverSecret) {
        this.pass = new PasswordPass(serverSecret, "assetgate/share-access/v1", LIFETIME);
    }

    public PasswordPass.Token mint(Share share, Instant now) {
        return pass.mint(share.project(), share.uuid(), share.passwordHash(), now);
    }

    /** The token, when it was minted for this share and its current password and has not expired. */
    public Optional<PasswordPass.Token> check(Share share, String token, Instant now) {
        if (!share.passwordProtected()) return Optional.empty();
        return pass.check(share.project(), share.uuid(), share.passwordHash(), token, now);
    }
}
