package dev.assetgate.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A template's {@code restrictions.allowed_origins}, parsed once: web origins ({@code https://shop.example.com},
 * {@code http://localhost:3000}) and wildcard subdomains ({@code https://*.example.com}: any host below
 * example.com, not example.com itself). Scheme, host and port must all match; a default port may be
 * written or left out. Empty: every origin is allowed.
 */
public final class OriginList {
    public static final OriginList ANY = new OriginList(List.of());

    /** One entry; {@code suffix} is the host after "*." for a wildcard, else null. */
    private record Entry(String scheme, String host, String suffix, int port) {
        boolean matches(Origin o) {
            if (!scheme.equals(o.scheme) || port != o.port) return false;
            return suffix == null ? host.equals(o.host) : o.host.endsWith("." + suffix);
        }
    }

    /** A request's origin, normalised (lower case, default port filled in). */
    private record Origin(String scheme, String host, int port) {}

    private final List<Entry> entries;

    private OriginList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses the entries; a malformed one throws IllegalArgumentException naming what is wrong. */
    public static OriginList parse(List<String> origins) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : origins) {
            String text = raw.trim().toLowerCase(Locale.ROOT);
            boolean wildcard = text.matches("[a-z]+://\\*\\..*");
            Origin o = origin(wildcard ? text.replaceFirst("\\*\\.", "") : text);
            if (o == null) throw new IllegalArgumentException("'" + raw + "' is not an origin (scheme://host[:port], no path)");
            if (wildcard && !o.host.contains(".")) {
                throw new IllegalArgumentException("'" + raw + "': a wildcard needs a domain of two labels at least, such as *.example.com");
            }
            entries.add(new Entry(o.scheme, wildcard ? null : o.host, wildcard ? o.host : null, o.port));
        }
        return new OriginList(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** True when the list is empty or holds {@code origin} (scheme://host[:port]); a malformed or "null" origin matches no entry. */
    public boolean allows(String origin) {
        if (entries.isEmpty()) return true;
        Origin o = origin == null ? null : requestOrigin(origin.trim().toLowerCase(Locale.ROOT));
        if (o == null) return false;
        for (Entry e : entries) {
            if (e.matches(o)) return true;
        }
        return false;
    }

    /**
     * The origin of a URL ({@code https://a.example.com/page?x} → {@code https://a.example.com}), as a
     * browser's Referer names it; null when it is no http(s) URL.
     */
    public static String originOf(String url) {
        if (url == null) return null;
        try {
            URI u = new URI(url.trim());
            if (u.getScheme() == null || u.getHost() == null) return null;
            return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT)
                    + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * A request's origin, read by hand rather than by {@link URI} (this runs on every request with such
     * a key): scheme://host[:port], a trailing slash tolerated; anything else (a path, user info, a bad
     * port) is null. Normalised as {@link #origin(String)} normalises the template's entries.
     */
    private static Origin requestOrigin(String text) {
        int sep = text.indexOf("://");
        if (sep <= 0) return null;
        String scheme = text.substring(0, sep);
        if (!"http".equals(scheme) && !"https".equals(scheme)) return null;
        String rest = text.endsWith("/") ? text.substring(sep + 3, text.length() - 1) : text.substring(sep + 3);
        if (rest.isEmpty() || rest.indexOf('/') >= 0 || rest.indexOf('@') >= 0 || rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) return null;
        int portAt = rest.startsWith("[") ? rest.indexOf("]") + 1 : rest.indexOf(':');
        if (rest.startsWith("[") && portAt == 0) return null;
        String host = portAt < 0 ? rest : rest.substring(0, portAt);
        if (!isHost(host)) return null; // a serialised origin's host: nothing a suffix match could be fooled by
        if (portAt < 0 || portAt == rest.length()) return new Origin(scheme, host, "https".equals(scheme) ? 443 : 80);
        if (rest.charAt(portAt) != ':') return null;
        String digits = rest.substring(portAt + 1);
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) return null;
        int port = Integer.parseInt(digits);
        return port > 65535 ? null : new Origin(scheme, host, port);
    }

    /** A serialised origin's host: a DNS name or IPv4 address ([a-z0-9.-]), or an IPv6 address in brackets. */
    private static boolean isHost(String host) {
        boolean bracketed = host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']';
        if (host.isEmpty()) return false;
        for (int i = bracketed ? 1 : 0; i < host.length() - (bracketed ? 1 : 0); i++) {
            char c = host.charAt(i);
            boolean ok = bracketed ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.'
                    : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    /** An entry of a template: scheme://host[:port] and nothing else, not even a trailing slash. */
    private static Origin origin(String text) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = u.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) return null;
        if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                || (u.getRawPath() != null && !u.getRawPath().isEmpty())) {
            return null;
        }
        int port = u.getPort() >= 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
        return new Origin(scheme, u.getHost(), port);
    }
}
