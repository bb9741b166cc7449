package dev.assetgate.visibility;

import dev.assetgate.access.Hmac;
import dev.assetgate.error.ApiError;
import dev.assetgate.net.Cidr;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed delivery URLs: query parameters {@code expires} (Unix seconds), optionally {@code ip}, and
 * {@code signature} = base64url(HMAC-SHA256) over the project, the file uuid, the expiry and the IP
 * (empty when unbound) and, when the URL transforms an image, the canonical transformation (so its
 * parameters cannot be changed), each field length-prefixed so no two field lists sign the same text. The
 * HMAC key is derived from the server secret (as the SASS signing key is, under another label), so
 * every node verifies without a database read; previous secrets still verify during a rotation.
 * Checks run signature (constant-time compare) → expiry → lifetime bound → client IP.
 */
public final class DeliverySigner {
    public static final String EXPIRES = "expires";
    public static final String IP = "ip";
    public static final String SIGNATURE = "signature";
    private static final String LABEL = "assetgate/delivery/v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final List<SecretKeySpec> keys = new ArrayList<>(); // the first signs; all verify
    private final Clock clock;
    private final Duration maxLifetime;

    public DeliverySigner(byte[] secret, List<byte[]> previous, Clock clock, Duration maxLifetime) {
        keys.add(Hmac.derive(secret, LABEL));
        previous.forEach(p -> keys.add(Hmac.derive(p, LABEL)));
        this.clock = clock;
        this.maxLifetime = maxLifetime;
    }

    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** The parameters of a signed URL; {@code ip} is null when the URL is not bound to an address. */
    public record Signed(long expires, String ip, String signature) {
        public Instant expiresAt() {
            return Instant.ofEpochSecond(expires);
        }

        /** The query string (without '?'). */
        public String query() {
            return EXPIRES + "=" + expires + (ip == null ? "" : "&" + IP + "=" + URLEncoder.encode(ip, StandardCharsets.UTF_8))
                    + "&" + SIGNATURE + "=" + signature;
        }
    }

    /** What a request presented; see {@link #presented}. */
    public record Presented(String expires, String ip, String signature) {}

    /** The signature parameters of a request, or null when it carries none (then keys decide). */
    public static Presented presented(UnaryOperator<String> queryParam) {
        String expires = queryParam.apply(EXPIRES);
        String signature = queryParam.apply(SIGNATURE);
        if (expires == null && signature == null) return null;
        return new Presented(expires, queryParam.apply(IP), signature);
    }

    /**
     * Signs the delivery of one file until {@code expiresAt} (rounded up to a whole second), optionally
     * to one address, as transformed by {@code transform} (a canonical transformation, "" for the original).
     */
    public Signed sign(String project, String fileUuid, Instant expiresAt, InetAddress ip, String transform) {
        long expires = expiresAt.getEpochSecond() + (expiresAt.getNano() > 0 ? 1 : 0);
        String ipText = ip == null ? null : ip.getHostAddress();
        return new Signed(expires, ipText, B64.encodeToString(mac(keys.get(0), project, fileUuid, Long.toString(expires), ipText, transform)));
    }

    /** Canonical form of a client-given address; refused when it is not an IP literal. */
    public static InetAddress address(String text, String field) {
        try {
            return InetAddress.getByAddress(Cidr.literal(text.trim()));
        } catch (IllegalArgumentException e) {
            throw ApiError.INVALID_PARAMETER.with(field + " must be an IPv4 or IPv6 address: " + e.getMessage());
        } catch (UnknownHostException e) {
            throw ApiError.INVALID_PARAMETER.with(field + " must be an IPv4 or IPv6 address, got '" + text + "'");
        }
    }

    /**
     * Throws the refusal unless {@code p} is a live signature of this file for this client. A null
     * {@code fileUuid} (no file where the URL points) is refused exactly as a wrong signature is, so
     * a made-up signature tells nothing about which files exist. {@code transform} is the canonical
     * transformation the request asks for ("" for none): it must be the one signed.
     */
    public void verify(String project, String fileUuid, Presented p, InetAddress client, String transform) {
        if (p.expires() == null || p.signature() == null || !p.expires().matches("[0-9]{1,12}")) {
            throw invalid("it lacks expires or signature, or expires is not a number");
        }
        byte[] presented;
        try {
            presented = B64D.decode(p.signature());
        } catch (IllegalArgumentException e) {
            throw invalid("the signature is not base64url");
        }
        boolean valid = false;
        for (SecretKeySpec key : fileUuid == null ? List.<SecretKeySpec>of() : keys) {
            // every key is tried, and isEqual takes the same time wherever the bytes differ
            valid |= MessageDigest.isEqual(mac(key, project, fileUuid, p.expires(), p.ip(), transform), presented);
        }
        if (!valid || !B64.encodeToString(presented).equals(p.signature())) {
            throw invalid("the signature does not match this file");
        }
        long expires = Long.parseLong(p.expires());
        long now = clock.instant().getEpochSecond();
        if (now >= expires) {
            throw ApiError.SIGNATURE_EXPIRED.with("the signed URL expired at " + Instant.ofEpochSecond(expires));
        }
        if (expires - now > maxLifetime.getSeconds()) {
            // minted before signed-url-max-seconds was lowered: the current bound applies
            throw invalid("it lives longer than the server allows (" + maxLifetime.getSeconds() + " s)");
        }
        if (p.ip() != null) {
            InetAddress bound;
            try {
                bound = InetAddress.getByAddress(Cidr.literal(p.ip()));
            } catch (IllegalArgumentException | UnknownHostException e) {
                throw invalid("its ip is not an address");
            }
            if (!bound.equals(client)) {
                throw ApiError.IP_NOT_ALLOWED.with("this signed URL is for another client address", "Rule: the signed URL's ip");
            }
        }
    }

    private static RuntimeException invalid(String why) {
        return ApiError.SIGNATURE_INVALID.with("the signed URL is not valid: " + why);
    }

    private static byte[] mac(SecretKeySpec key, String project, String fileUuid, String expires, String ip, String transform) {
        StringBuilder text = new StringBuilder();
        for (String field : new String[] {project, fileUuid, expires, ip == null ? "" : ip}) {
            text.append(field.length()).append(':').append(field).append(';');
        }
        if (!transform.isEmpty()) { // absent for the original, so URLs signed before transformations keep verifying
            text.append(transform.length()).append(':').append(transform).append(';');
        }
        return Hmac.sign(key, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
