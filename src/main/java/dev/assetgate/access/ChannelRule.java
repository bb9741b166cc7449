package dev.assetgate.access;

import dev.assetgate.error.ApiError;

/**
 * A SASS key's rules about how it is used: {@code restrictions.https_only}, then
 * {@code restrictions.allowed_origins}. A request without Origin and Referer passes the origin rule:
 * backends send neither, and a browser always sends Origin on the cross-origin calls the widget makes,
 * so the rule stops another site's pages from using the key, not a script outside any browser.
 */
public final class ChannelRule {
    private ChannelRule() {}

    /** The refusal of {@code channel} under these rules, or null when it passes. */
    public static Denial deny(boolean httpsOnly, OriginList origins, Channel channel) {
        if (httpsOnly && !channel.overTls()) {
            return Denial.of("plain_http", ApiError.HTTPS_REQUIRED, "this key is used over HTTPS only", "Rule: restrictions.https_only");
        }
        if (channel.origin() != null && !origins.allows(channel.origin())) {
            return Denial.of("origin_not_listed", ApiError.ORIGIN_NOT_ALLOWED,
                    "origin " + shown(channel.origin()) + " is not allowed for this key", "Rule: restrictions.allowed_origins");
        }
        return null;
    }

    /** The origin as sent, shortened and stripped of control characters (it is echoed in the message). */
    private static String shown(String origin) {
        String clean = origin.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }
}
