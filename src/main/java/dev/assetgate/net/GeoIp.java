package dev.assetgate.net;

import java.net.InetAddress;
import java.util.Optional;

/** Port: the ISO country of an address, when known. */
public interface GeoIp {
    /** No database configured: every lookup is unknown, so country allow-lists refuse (fail closed). */
    GeoIp NONE = address -> Optional.empty();

    Optional<String> country(InetAddress address);

    default boolean configured() {
        return this != NONE;
    }
}
