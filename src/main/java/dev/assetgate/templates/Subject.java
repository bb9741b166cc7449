package dev.assetgate.templates;

import dev.assetgate.error.ApiError;
import java.util.regex.Pattern;

/**
 * The subject of a per-user SASS key ({@code sub}): the backend's id for one end user. It is
 * substituted for {@code {sub}} in a template's folder scopes, so it must be one safe folder name:
 * letters, digits, {@code . _ @ -}, at most {@value #MAX_LENGTH} characters, never {@code .} or
 * {@code ..} (no {@code /}, no control characters, nothing a path could be bent with).
 */
public final class Subject {
    static final int MAX_LENGTH = 128;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@-]{1," + MAX_LENGTH + "}");

    private Subject() {}

    /** {@code raw}, when it is a valid subject; otherwise 400 INVALID_PARAMETER naming {@code sub}. */
    public static String check(String raw) {
        if (raw == null || !SAFE.matcher(raw).matches() || raw.equals(".") || raw.equals("..")) {
            throw ApiError.INVALID_PARAMETER.with("sub must be 1.." + MAX_LENGTH + " characters of letters, digits and . _ @ -, "
                    + "not . or ..", "Send {\"sub\": \"user-42\"}");
        }
        return raw;
    }
}
