package dev.assetgate.http;

import dev.assetgate.console.SessionService;

/** The console session cookie: HttpOnly, SameSite=Strict, whole site, Secure when served over TLS. */
final class SessionCookie {
    private SessionCookie() {}

    static String issued(String id, long maxAgeSeconds, boolean secure) {
        return SessionService.COOKIE + "=" + id + attributes(maxAgeSeconds, secure);
    }

    static String cleared(boolean secure) {
        return SessionService.COOKIE + "=" + attributes(0, secure);
    }

    private static String attributes(long maxAgeSeconds, boolean secure) {
        return "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds + (secure ? "; Secure" : "");
    }
}
