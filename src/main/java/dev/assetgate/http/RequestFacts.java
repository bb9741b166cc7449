package dev.assetgate.http;

import dev.assetgate.access.Channel;
import dev.assetgate.net.ClientIp;
import io.javalin.config.JavalinConfig;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.MDC;
import dev.assetgate.logging.LogLayout;

/**
 * Who sent a request and how: the client address, whether it came over TLS, the base URL links
 * are written with, and the request's id. Resolved here once per request, whoever asks first, and cached on the context,
 * so the decider, the audit trail, the access log and every routes class see the same answer.
 * Installed as Javalin's context resolver, so {@code ctx.ip()} and {@code ctx.scheme()} agree too.
 */
public final class RequestFacts {
    private static final Key<RequestFacts> KEY = new Key<>("assetgate.request-facts");
    private static final String CLIENT_IP = "assetgate.client-ip";
    private static final String REQUEST_ID = "assetgate.request-id";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** What an id from a trusted proxy may look like: no spaces or control characters, so it cannot forge a log line. */
    private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    private final ClientIp clientIp;
    private final String publicUrl;

    public RequestFacts(ClientIp clientIp, String publicUrl) {
        this.clientIp = clientIp;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    void install(JavalinConfig config) {
        config.appData(KEY, this);
        config.contextResolver.ip = ctx -> clientIp(ctx).getHostAddress();
        config.contextResolver.scheme = ctx -> overTls(ctx) ? "https" : "http";
    }

    /**
     * The client's address: the socket peer, or X-Forwarded-For walked from the right behind trusted
     * proxies. Every header line counts, in order: a proxy that adds its own line after one the client
     * forged puts the real address last, and reading only the first line would believe the forgery.
     */
    public static InetAddress clientIp(Context ctx) {
        InetAddress resolved = ctx.attribute(CLIENT_IP);
        if (resolved == null) {
            String forwarded = String.join(",", Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
            resolved = ctx.appData(KEY).clientIp.resolve(peer(ctx), forwarded.isEmpty() ? null : forwarded);
            ctx.attribute(CLIENT_IP, resolved);
        }
        return resolved;
    }

    /**
     * The socket peer as Jetty holds it, not its text form parsed again (three regexes and a parse per
     * request); null for a peer that is no IP socket. Without an IPv6 scope ("%eth0"): the address
     * alone, as the text form's parse gave it, is what logs, audit and allow-lists see.
     */
    private static InetAddress peer(Context ctx) {
        var connection = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData();
        if (!(connection.getRemoteSocketAddress() instanceof InetSocketAddress socket) || socket.getAddress() == null) return null;
        InetAddress address = socket.getAddress();
        try {
            return address instanceof java.net.Inet6Address v6 && v6.getScopeId() != 0 ? InetAddress.getByAddress(address.getAddress()) : address;
        } catch (java.net.UnknownHostException impossible) { // 16 bytes are always an address
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * True when the request reached us over TLS: directly, or through a trusted proxy that says so in
     * X-Forwarded-Proto (from any other peer the header is not believed).
     */
    public static boolean overTls(Context ctx) {
        if (ctx.req().isSecure()) return true;
        String proto = ctx.header("X-Forwarded-Proto");
        if (proto == null || !ctx.appData(KEY).clientIp.fromTrustedProxy(peer(ctx))) return false;
        return proto.split(",")[0].trim().equalsIgnoreCase("https");
    }

    /** TLS and the browser's origin (Origin, else Referer), for a key's restrictions.https_only and allowed_origins. */
    public static Channel channel(Context ctx) {
        return Channel.of(ctx.header("Origin"), ctx.header("Referer"), overTls(ctx));
    }

    /**
     * The request's id: the {@code X-Request-Id} a trusted proxy sent (when it looks like an id), else
     * one generated here (32 hex digits). The access log, the error envelope, the answer's
     * {@code X-Request-Id} header and every log line written while serving it carry the same.
     */
    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        if (id == null) {
            String offered = ctx.header(REQUEST_ID_HEADER);
            boolean believed = offered != null && ACCEPTED_ID.matcher(offered).matches()
                    && ctx.appData(KEY).clientIp.fromTrustedProxy(peer(ctx));
            id = believed ? offered : generatedId();
            ctx.attribute(REQUEST_ID, id);
        }
        return id;
    }

    /** First thing for every request: the id in the answer's header and in the log's MDC (cleared by {@link #endRequest}). */
    static void startRequest(Context ctx) {
        String id = requestId(ctx);
        ctx.header(REQUEST_ID_HEADER, id);
        MDC.put(LogLayout.REQUEST_ID, id);
    }

    /** Once the answer is sent: this thread serves other requests next. */
    static void endRequest() {
        MDC.remove(LogLayout.REQUEST_ID);
    }

    private static String generatedId() {
        ThreadLocalRandom random = ThreadLocalRandom.current(); // an id, not a secret
        return java.util.HexFormat.of().toHexDigits(random.nextLong()) + java.util.HexFormat.of().toHexDigits(random.nextLong());
    }

    /** The configured public URL, else the scheme and Host of this request. */
    public static String baseUrl(Context ctx) {
        String configured = ctx.appData(KEY).publicUrl;
        if (!configured.isEmpty()) return configured;
        String host = ctx.host();
        return ctx.scheme() + "://" + (host == null || host.isBlank() ? "localhost" : host);
    }
}
