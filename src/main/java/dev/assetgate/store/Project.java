package dev.assetgate.store;

import dev.assetgate.error.ApiError;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/** A project (Filerobot "token"): one tenant's files, folders and settings. Owned by a company. */
public record Project(String token, String uuid, String companyId, String name, Instant createdAt) {
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    /** First path segments the server uses itself. */
    private static final Set<String> RESERVED = Set.of("admin", "health", "console");

    /** True when {@code token} has the shape of a project token (it may still not exist). */
    public static boolean isValidToken(String token) {
        return token != null && TOKEN.matcher(token).matches() && !RESERVED.contains(token);
    }

    /** Tokens are 1-64 lowercase letters, digits or dashes, starting and ending with a letter or digit. */
    public static String requireValidToken(String token) {
        if (!TOKEN.matcher(token).matches()) {
            throw ApiError.INVALID_PARAMETER.with("token '" + token + "' must be 1-64 lowercase letters, digits or dashes, "
                    + "starting and ending with a letter or digit");
        }
        if (RESERVED.contains(token)) {
            throw ApiError.INVALID_PARAMETER.with("token '" + token + "' is reserved");
        }
        return token;
    }
}
