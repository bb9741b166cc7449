package dev.assetgate.access;

import dev.assetgate.error.ApiError;
import dev.assetgate.net.Cidr;
import dev.assetgate.net.GeoIp;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A SASS key's network rules: IP ranges first (a list scan), then the country (a database lookup).
 * Fails closed: no GeoIP database, or no country for the address, while a country list is set is a
 * refusal.
 */
public final class NetworkRule {
    private NetworkRule() {}

    /** The refusal of {@code client} under these rules, or null when it may call. */
    public static Denial deny(List<Cidr> ipRanges, Set<String> countries, GeoIp geoIp, InetAddress client) {
        if (!ipRanges.isEmpty() && (client == null || !Cidr.anyContains(ipRanges, client))) {
            return Denial.of("ip_not_in_ranges", ApiError.IP_NOT_ALLOWED, "source IP " + (client == null ? "unknown" : client.getHostAddress())
                    + " is not in the template's whitelist_ip_ranges", "Rule: restrictions.whitelist_ip_ranges");
        }
        if (countries.isEmpty()) return null;
        if (!geoIp.configured()) {
            return Denial.of("no_geoip_database", ApiError.COUNTRY_NOT_ALLOWED,
                    "the template restricts countries but no GeoIP database is configured",
                    "Rule: restrictions.whitelist_countries; the operator must set ASSETGATE_GEOIP_DATABASE.");
        }
        Optional<String> country = client == null ? Optional.empty() : geoIp.country(client);
        if (country.isEmpty() || !countries.contains(country.get().toUpperCase(Locale.ROOT))) {
            return Denial.of("country_not_listed", ApiError.COUNTRY_NOT_ALLOWED,
                    "source country " + country.orElse("unknown") + " is not in the template's whitelist_countries",
                    "Rule: restrictions.whitelist_countries");
        }
        return null;
    }
}
