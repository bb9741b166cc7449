package dev.assetgate.visibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signature of delivery URLs, on a fixed clock: what it binds, expiry, the lifetime bound, rotation. */
class DeliverySignerTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final byte[] OLD = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.250Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final DeliverySigner signer = new DeliverySigner(SECRET, List.of(), clock, Duration.ofHours(1));
    final InetAddress client = DeliverySigner.address("203.0.113.7", "ip");

    static DeliverySigner.Presented presented(DeliverySigner.Signed s) {
        return new DeliverySigner.Presented(Long.toString(s.expires()), s.ip(), s.signature());
    }

    static void refused(Runnable check, ApiError error) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error).isEqualTo(error));
    }

    @Test
    void aSignatureBindsProjectFileExpiryAndAddress() {
        DeliverySigner.Signed s = signer.sign("p", "file-1", NOW.plusSeconds(60), client, "");
        assertThat(s.expires()).as("rounded up to whole seconds").isEqualTo(NOW.getEpochSecond() + 61);
        assertThat(s.query()).isEqualTo("expires=" + s.expires() + "&ip=203.0.113.7&signature=" + s.signature());
        assertThat(s.signature()).matches("[A-Za-z0-9_-]{43}");
        assertThatCode(() -> signer.verify("p", "file-1", presented(s), client, "")).doesNotThrowAnyException();

        refused(() -> signer.verify("q", "file-1", presented(s), client, ""), ApiError.SIGNATURE_INVALID);
        refused(() -> signer.verify("p", "file-2", presented(s), client, ""), ApiError.SIGNATURE_INVALID);
        refused(() -> signer.verify("p", "file-1", new DeliverySigner.Presented(Long.toString(s.expires() + 1), s.ip(), s.signature()),
                client, ""), ApiError.SIGNATURE_INVALID);
        refused(() -> signer.verify("p", "file-1", new DeliverySigner.Presented(Long.toString(s.expires()), null, s.signature()),
                client, ""), ApiError.SIGNATURE_INVALID);
        refused(() -> signer.verify("p", "file-1", new DeliverySigner.Presented(Long.toString(s.expires()), "203.0.113.8", s.signature()),
                DeliverySigner.address("203.0.113.8", "ip"), ""), ApiError.SIGNATURE_INVALID);
        refused(() -> signer.verify("p", "file-1", presented(s), DeliverySigner.address("203.0.113.8", "ip"), ""), ApiError.IP_NOT_ALLOWED);
        refused(() -> signer.verify("p", "file-1", presented(s), null, ""), ApiError.IP_NOT_ALLOWED);
        // field boundaries cannot be shifted: "p" + "1:x" is not "p1" + ":x"
        DeliverySigner.Signed shifted = signer.sign("ab", "c", NOW.plusSeconds(60), null, "");
        refused(() -> signer.verify("a", "bc", presented(shifted), client, ""), ApiError.SIGNATURE_INVALID);
    }

    @Test
    void malformedParametersAreInvalid() {
        DeliverySigner.Signed s = signer.sign("p", "f", NOW.plusSeconds(60), null, "");
        String e = Long.toString(s.expires());
        for (DeliverySigner.Presented p : List.of(
                new DeliverySigner.Presented(null, null, s.signature()),
                new DeliverySigner.Presented(e, null, null),
                new DeliverySigner.Presented("-" + e, null, s.signature()),
                new DeliverySigner.Presented(e + "0000000", null, s.signature()),
                new DeliverySigner.Presented(e, null, s.signature() + "="),
                new DeliverySigner.Presented(e, null, s.signature() + "A"),
                new DeliverySigner.Presented(e, null, "!!!"),
                new DeliverySigner.Presented(e, "", s.signature()),
                new DeliverySigner.Presented(e, "not-an-ip", s.signature()))) {
            refused(() -> signer.verify("p", "f", p, client, ""), ApiError.SIGNATURE_INVALID);
        }
    }

    @Test
    void expiryAndTheLifetimeBoundAreCheckedOnTheClock() {
        DeliverySigner.Signed s = signer.sign("p", "f", NOW.plusSeconds(10), null, "");
        Clock later = Clock.fixed(Instant.ofEpochSecond(s.expires()), ZoneOffset.UTC);
        DeliverySigner afterwards = new DeliverySigner(SECRET, List.of(), later, Duration.ofHours(1));
        refused(() -> afterwards.verify("p", "f", presented(s), client, ""), ApiError.SIGNATURE_EXPIRED);
        DeliverySigner justBefore = new DeliverySigner(SECRET, List.of(), Clock.offset(later, Duration.ofMillis(-1)), Duration.ofHours(1));
        assertThatCode(() -> justBefore.verify("p", "f", presented(s), client, "")).doesNotThrowAnyException();

        // a URL minted under a longer bound is refused once the bound is lowered
        DeliverySigner generous = new DeliverySigner(SECRET, List.of(), clock, Duration.ofDays(7));
        DeliverySigner.Signed longLived = generous.sign("p", "f", NOW.plus(Duration.ofDays(2)), null, "");
        assertThatCode(() -> generous.verify("p", "f", presented(longLived), client, "")).doesNotThrowAnyException();
        refused(() -> signer.verify("p", "f", presented(longLived), client, ""), ApiError.SIGNATURE_INVALID);
    }

    @Test
    void previousSecretsStillVerifyDuringARotation() {
        DeliverySigner before = new DeliverySigner(OLD, List.of(), clock, Duration.ofHours(1));
        DeliverySigner.Signed s = before.sign("p", "f", NOW.plusSeconds(60), null, "");
        refused(() -> signer.verify("p", "f", presented(s), client, ""), ApiError.SIGNATURE_INVALID);
        DeliverySigner rotated = new DeliverySigner(SECRET, List.of(OLD), clock, Duration.ofHours(1));
        assertThatCode(() -> rotated.verify("p", "f", presented(s), client, "")).doesNotThrowAnyException();
        assertThat(rotated.sign("p", "f", NOW.plusSeconds(60), null, "").signature())
                .as("new URLs are signed with the current secret").isEqualTo(signer.sign("p", "f", NOW.plusSeconds(60), null, "").signature());
    }

    @Test
    void addressesAreCanonical() {
        assertThat(DeliverySigner.address(" 2001:DB8:0::1 ", "ip").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(DeliverySigner.address("::ffff:203.0.113.7", "ip")).isEqualTo(client);
        for (String bad : List.of("example.com", "300.1.1.1", "10.0.0.0/8", "", "1.2.3")) {
            assertThatThrownBy(() -> DeliverySigner.address(bad, "ip")).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.error).isEqualTo(ApiError.INVALID_PARAMETER));
        }
    }
}
