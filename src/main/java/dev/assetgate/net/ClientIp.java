package dev.assetgate.net;

import java.net.InetAddress;
import java.util.List;

/**
 * Who the client is. The socket peer, unless that peer is a configured trusted proxy: then
 * X-Forwarded-For is walked from the right, skipping trusted proxies, and the first address that
 * is not one is the client. A header from an untrusted peer is never believed.
 */
public final class ClientIp {
    private final List<Cidr> trustedProxies;

    public ClientIp(List<Cidr> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** {@code peer}: the socket's address (null when it has none), {@code forwardedFor}: the header's lines joined. */
    public InetAddress resolve(InetAddress peer, String forwardedFor) {
        if (peer == null || trustedProxies.isEmpty() || !Cidr.anyContains(trustedProxies, peer) || forwardedFor == null) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        InetAddress client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = address(hops[i].trim());
            if (hop == null) {
                return client; // garbage in the chain: stop at the last address we could trust
            }
            client = hop;
            if (!Cidr.anyContains(trustedProxies, hop)) {
                return hop;
            }
        }
        return client;
    }

    /** True when the socket peer is one of the trusted proxies (whose X-Forwarded-* headers are believed). */
    public boolean fromTrustedProxy(InetAddress peer) {
        return peer != null && Cidr.anyContains(trustedProxies, peer);
    }

    private static InetAddress address(String text) {
        if (text == null || text.isEmpty()) return null;
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return InetAddress.getByAddress(Cidr.literal(bare));
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return null;
        }
    }
}
