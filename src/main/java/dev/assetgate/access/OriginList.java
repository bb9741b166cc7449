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
            Origin o = origin(wildcard ? text.replaceFirst("\\*\\.", "") : text, true);
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
        Origin o = origin == null ? null : origin(origin.trim().toLowerCase(Locale.ROOT), false);
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

    /** scheme://host[:port] and nothing else ({@code strict}: an entry of a template, not even a trailing slash). */
    private static Origin origin(String text, boolean strict) {
        if (!strict && text.endsWith("/")) text = text.substring(0, text.length() - 1);
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
