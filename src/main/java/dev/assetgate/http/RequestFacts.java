package dev.assetgate.http;

import dev.assetgate.net.ClientIp;
import io.javalin.config.JavalinConfig;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.Collections;

/**
 * Who sent a request and how: the client address, whether it came over TLS, and the base URL links
 * are written with. Resolved here once per request, whoever asks first, and cached on the context,
 * so the decider, the audit trail, the access log and every routes class see the same answer.
 * Installed as Javalin's context resolver, so {@code ctx.ip()} and {@code ctx.scheme()} agree too.
 */
public final class RequestFacts {
    private static final Key<RequestFacts> KEY = new Key<>("assetgate.request-facts");
    private static final String CLIENT_IP = "assetgate.client-ip";
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
            resolved = ctx.appData(KEY).clientIp.resolve(ctx.req().getRemoteAddr(), forwarded.isEmpty() ? null : forwarded);
            ctx.attribute(CLIENT_IP, resolved);
        }
        return resolved;
    }

    /**
     * True when the request reached us over TLS: directly, or through a trusted proxy that says so in
     * X-Forwarded-Proto (from any other peer the header is not believed).
     */
    public static boolean overTls(Context ctx) {
        if (ctx.req().isSecure()) return true;
        String proto = ctx.header("X-Forwarded-Proto");
        if (proto == null || !ctx.appData(KEY).clientIp.fromTrustedProxy(ctx.req().getRemoteAddr())) return false;
        return proto.split(",")[0].trim().equalsIgnoreCase("https");
    }

    /** The configured public URL, else the scheme and Host of this request. */
    public static String baseUrl(Context ctx) {
        String configured = ctx.appData(KEY).publicUrl;
        if (!configured.isEmpty()) return configured;
        String host = ctx.host();
        return ctx.scheme() + "://" + (host == null || host.isBlank() ? "localhost" : host);
    }
}
