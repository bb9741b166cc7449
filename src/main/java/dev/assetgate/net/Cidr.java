package dev.assetgate.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 range ("203.0.113.0/24", "2001:db8::/32") or single address, parsed once and
 * matched without allocation. IPv4-mapped IPv6 addresses match their IPv4 ranges.
 */
public final class Cidr {
    /** A dotted-quad part of two or more digits starting with 0 (also inside an IPv6 literal's IPv4 tail). */
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern LEADING_ZERO = Pattern.compile("(^|[.:])0\\d+\\.|\\.0\\d+$");
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** Parses a literal range; never performs a DNS lookup. */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed CIDR '" + text + "'");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("malformed CIDR '" + text + "': prefix must be 0.." + bits);
            }
        }
        BigInteger mask = prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefix).shiftLeft(bits - prefix);
        byte[] masked = new byte[bytes.length];
        byte[] maskBytes = toBytes(mask, bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            masked[i] = (byte) (bytes[i] & maskBytes[i]);
        }
        return new Cidr(masked, prefix, trimmed);
    }

    public static List<Cidr> parseAll(List<String> texts) {
        return texts.stream().map(Cidr::parse).toList();
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = unmap(address.getAddress());
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) return false;
        }
        int rest = prefix % 8;
        if (rest == 0) return true;
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (bytes[full] & mask) == (network[full] & 0xFF);
    }

    public static boolean anyContains(List<Cidr> ranges, InetAddress address) {
        for (Cidr c : ranges) {
            if (c.contains(address)) return true;
        }
        return false;
    }

    /**
     * Parses an IP literal (v4 dotted quad or v6); refuses host names so no lookup can happen, and
     * dotted quads with a leading zero ("010.0.0.1"): Java reads them as decimal, other tools
     * (inet_aton, curl, browsers) as octal, so the same text would name two different hosts.
     */
    public static byte[] literal(String address) {
        boolean v4 = V4.matcher(address).matches(); // compiled once: every request's client address passes here
        boolean v6 = address.contains(":") && V6.matcher(address).matches();
        if (!v4 && !v6) {
            throw new IllegalArgumentException("not an IP address: '" + address + "'");
        }
        if (LEADING_ZERO.matcher(address).find()) {
            throw new IllegalArgumentException("ambiguous IP address '" + address
                    + "': an IPv4 part with a leading zero is read as octal by some tools; write it without the zero");
        }
        try {
            return unmap(InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + address + "'");
        }
    }

    private static byte[] unmap(byte[] bytes) {
        if (bytes.length == 16) {
            for (int i = 0; i < 10; i++) if (bytes[i] != 0) return bytes;
            if ((bytes[10] & 0xFF) == 0xFF && (bytes[11] & 0xFF) == 0xFF) {
                return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
            }
        }
        return bytes;
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
