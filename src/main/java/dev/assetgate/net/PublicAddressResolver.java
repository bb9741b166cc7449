package dev.assetgate.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import dev.assetgate.assets.UrlFetcher;

/**
 * The jetty-client resolver of every server-side request to a URL someone else chose (URL uploads,
 * webhooks): a host name is resolved once, here, and every address is checked, so the address
 * connected to is the address checked (no DNS-rebinding window). Internal addresses
 * ({@link UrlFetcher#isInternal}) fail the request unless {@code allowed} holds them.
 */
public final class PublicAddressResolver implements SocketAddressResolver {
    private final List<Cidr> allowed;
    private final String rule;
    private final Function<String, Exception> refused;
    private final Function<String, Exception> unresolved;

    /** {@code rule} ends the refusal's message; the two functions make the failure for a refused and an unresolved host. */
    public PublicAddressResolver(List<Cidr> allowed, String rule, Function<String, Exception> refused,
                                 Function<String, Exception> unresolved) {
        this.allowed = allowed;
        this.rule = rule;
        this.refused = refused;
        this.unresolved = unresolved;
    }

    @Override
    public void resolve(String host, int port, java.util.Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            List<InetSocketAddress> result = new ArrayList<>();
            for (InetAddress address : addresses) {
                if (isRefused(address)) {
                    promise.failed(refused.apply("'" + host + "' resolves to " + address.getHostAddress() + ", an internal address; " + rule));
                    return;
                }
                result.add(new InetSocketAddress(address, port));
            }
            promise.succeeded(result);
        } catch (UnknownHostException e) {
            promise.failed(unresolved.apply("cannot resolve host '" + host + "'"));
        }
    }

    /** An internal address that no allowed range holds. */
    public boolean isRefused(InetAddress address) {
        return UrlFetcher.isInternal(address) && !Cidr.anyContains(allowed, address);
    }
}
