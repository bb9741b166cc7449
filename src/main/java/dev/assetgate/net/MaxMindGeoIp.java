package dev.assetgate.net;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/** Countries from a MaxMind-format (.mmdb) country database: GeoLite2-Country, GeoIP2-Country, DB-IP Lite. */
public final class MaxMindGeoIp implements GeoIp, AutoCloseable {
    private final DatabaseReader reader;

    public MaxMindGeoIp(Path database) {
        try {
            this.reader = new DatabaseReader.Builder(database.toFile()).withCache(new CHMCache()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open GeoIP database " + database, e);
        }
    }

    @Override
    public Optional<String> country(InetAddress address) {
        try {
            return reader.tryCountry(address).map(r -> r.getCountry().getIsoCode());
        } catch (IOException | GeoIp2Exception e) {
            return Optional.empty(); // unreadable record: unknown, which fails closed
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
