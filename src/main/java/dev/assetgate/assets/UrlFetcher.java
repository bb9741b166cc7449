package dev.assetgate.assets;

import dev.assetgate.error.ApiError;
import dev.assetgate.net.Cidr;
import dev.assetgate.error.ApiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import dev.assetgate.net.PublicAddressResolver;

/**
 * Fetches a remote file for "upload by URL" without becoming a way into the private network.
 * Host names are resolved once, inside the HTTP client's own resolver, and every address is checked
 * there, so the address connected to is the address checked (no DNS-rebinding window). Loopback,
 * private, link-local (cloud metadata), CGNAT, multicast and unspecified addresses, and the IPv6
 * spellings that reach IPv4 (mapped, compatible, 6to4, Teredo, NAT64) are refused unless a
 * configured CIDR allows them. Redirects are followed by hand, each target checked again.
 */
public final class UrlFetcher implements AutoCloseable {
    private final HttpClient client;
    private final List<Cidr> allowed;
    private final Duration timeout;
    private final int maxRedirects;

    public UrlFetcher(List<Cidr> allowed, Duration timeout, int maxRedirects) {
        this.allowed = allowed;
        this.timeout = timeout;
        this.maxRedirects = maxRedirects;
        this.client = new HttpClient();
        client.setFollowRedirects(false);
        client.setConnectTimeout(Math.min(timeout.toMillis(), 10_000));
        client.setSocketAddressResolver(new PublicAddressResolver(allowed,
                "URL uploads only fetch public addresses", RefusedAddress::new, UnresolvedHost::new));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the URL-upload HTTP client", e);
        }
    }

    /** A started download: its body (to be streamed and closed by the caller), type and name. */
    public record Download(InputStream body, String contentType, String suggestedName) {}

    public Download fetch(String url) {
        URI uri = parse(url);
        for (int hop = 0; ; hop++) {
            InputStreamResponseListener listener = new InputStreamResponseListener();
            Request request = client.newRequest(uri).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            request.send(listener);
            Response response;
            try {
                response = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RefusedAddress refused) {
                    throw ApiError.UPLOAD_URL_REFUSED.with(refused.getMessage(),
                            "Only public addresses are fetched; an operator can allow ranges with ASSETGATE_URL_UPLOAD_ALLOW.");
                }
                if (cause instanceof UnresolvedHost unresolved) {
                    throw ApiError.UPLOAD_URL_REFUSED.with(unresolved.getMessage(),
                            "The host name did not resolve: check its spelling, and that this server can resolve names (DNS).");
                }
                throw ApiError.UPLOAD_URL_REFUSED.with("could not fetch " + uri + ": " + failure(cause == null ? e : cause));
            } catch (TimeoutException e) {
                request.abort(e);
                throw ApiError.UPLOAD_URL_REFUSED.with("fetching " + uri + " took longer than " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiError.SERVICE_UNAVAILABLE.with("interrupted");
            }
            int status = response.getStatus();
            if (status >= 300 && status < 400 && response.getHeaders().get("Location") != null) {
                closeQuietly(listener.getInputStream());
                if (hop >= maxRedirects) {
                    throw ApiError.UPLOAD_URL_REFUSED.with("more than " + maxRedirects + " redirects from " + url);
                }
                uri = parse(uri.resolve(response.getHeaders().get("Location")).toString());
                continue;
            }
            if (status < 200 || status >= 300) {
                closeQuietly(listener.getInputStream());
                throw ApiError.UPLOAD_URL_REFUSED.with(uri + " answered HTTP " + status);
            }
            return new Download(new SourceBody(listener.getInputStream(), uri), response.getHeaders().get("Content-Type"), nameOf(uri));
        }
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw ApiError.UPLOAD_URL_REFUSED.with("'" + url + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiError.UPLOAD_URL_REFUSED.with("'" + url + "': only http and https URLs can be fetched");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw ApiError.UPLOAD_URL_REFUSED.with("'" + url + "' must name a host and carry no credentials");
        }
        return uri;
    }

    /** The remote side names the file, never its folder: an encoded "/" (%2F) in the last segment does not make a path. */
    private static String nameOf(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        String decoded = URLDecoder.decode(last, StandardCharsets.UTF_8);
        decoded = decoded.substring(decoded.lastIndexOf('/') + 1);
        return decoded.isBlank() ? "file" : decoded;
    }

    /** True for addresses a server-side fetch must never reach by default. */
    public static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 0 || first >= 240 || (first == 100 && second >= 64 && second <= 127)
                    || (first == 192 && second == 0 && (b[2] & 0xFF) == 0) || (first == 198 && (second == 18 || second == 19));
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xFF;
            if ((first & 0xFE) == 0xFC) return true; // unique local fc00::/7
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            if (mapped && b[10] == 0 && b[11] == 0) return true; // IPv4-compatible ::a.b.c.d (deprecated; some stacks route it as IPv4)
            if (first == 0x20 && (b[1] & 0xFF) == 0x02) return true; // 6to4 can tunnel to private IPv4
            if (first == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) return true; // Teredo 2001::/32 tunnels to any IPv4
            // NAT64: 64:ff9b::/96 (well-known) and 64:ff9b:1::/48 (local use) both lie in 64:ff9b::/32
            if (first == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B) return true;
        }
        return false;
    }

    private static final class RefusedAddress extends Exception {
        RefusedAddress(String message) {
            super(message, null, false, false);
        }
    }

    /** DNS gave no address: not a refusal, so the hint must not blame private addresses. */
    private static final class UnresolvedHost extends Exception {
        UnresolvedHost(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The body as it arrives. A source that stops sending or sends too slowly fails the read with a
     * timeout; that is the source's fault, refused as such (not a 408 for our own client, not a 500).
     */
    private final class SourceBody extends FilterInputStream {
        private final URI uri;

        SourceBody(InputStream in, URI uri) {
            super(in);
            this.uri = uri;
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw bodyFailed(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw bodyFailed(e);
            }
        }

        private ApiException bodyFailed(IOException e) {
            return ApiError.UPLOAD_URL_REFUSED.with(timedOut(e)
                    ? "fetching " + uri + " took longer than " + timeout.toSeconds() + " s (the source sent its body too slowly)"
                    : "the body from " + uri + " broke off: " + failure(e));
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) return true;
        }
        return false;
    }

    /** "java.net.ConnectException: ...", "org.eclipse.jetty.io.EofException": texts that name Java classes. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");

    /** A network failure in words: its own message unless that names Java classes, then its kind. */
    private static String failure(Throwable e) {
        if (timedOut(e)) return "timed out";
        String text = e.getMessage();
        if (text != null && !text.isBlank() && !CLASS_NAME.matcher(text).find()) return text;
        if (e instanceof java.net.ConnectException) return "connection refused";
        if (e instanceof javax.net.ssl.SSLException) return "TLS handshake or certificate failed";
        return "connection failed";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
