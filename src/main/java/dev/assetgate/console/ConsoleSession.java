package dev.assetgate.console;

import dev.assetgate.access.Permission;
import dev.assetgate.store.ApiKeyRecord;
import java.time.Instant;

/**
 * A live console session: the API key it acts as (as the catalog has it now), its CSRF token and
 * when it ends if left idle (never later than its absolute end).
 */
public record ConsoleSession(String idHash, ApiKeyRecord key, String csrfToken, Instant expiresAt, Instant endsAt) {
    /** A key without CONFIG_CHANGE gets a read-only console. */
    public boolean readOnly() {
        return !key.permissions().has(Permission.CONFIG_CHANGE);
    }
}
