package dev.assetgate.airbox;

import dev.assetgate.access.PasswordPass;
import java.time.Duration;
import java.time.Instant;

/**
 * Access tokens of password-protected Airboxes ({@link PasswordPass}, label
 * {@code assetgate/airbox-access/v1}): proof that the uploader gave the right password recently
 * ({@code POST /{token}/airbox/{puid}/unlock}), sent with each upload in the {@code X-Airbox-Access}
 * header, so the password itself travels once.
 */
public final class AirboxPass {
    public static final Duration LIFETIME = Duration.ofHours(2);
    private final PasswordPass pass;

    public AirboxPass(byte[] serverSecret) {
        this.pass = new PasswordPass(serverSecret, "assetgate/airbox-access/v1", LIFETIME);
    }

    public PasswordPass.Token mint(Airbox airbox, Instant now) {
        return pass.mint(airbox.project(), airbox.uuid(), airbox.passwordHash(), now);
    }

    /** True when the token was minted for this Airbox and its current password and has not expired. */
    public boolean valid(Airbox airbox, String token, Instant now) {
        if (token == null || !airbox.passwordProtected()) return false;
        return pass.check(airbox.project(), airbox.uuid(), airbox.passwordHash(), token.trim(), now).isPresent();
    }
}
