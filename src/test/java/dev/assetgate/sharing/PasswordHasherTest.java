package dev.assetgate.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.PasswordPass;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argon2id share passwords and the access tokens that stand in for them. */
class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    /** Vectors from the reference implementation (Debian's argon2 CLI, phc-winner-argon2), so the PHC strings interoperate. */
    @Test
    void verifiesHashesOfTheReferenceImplementation() {
        assertThat(hasher.verify("correct horse battery",
                "$argon2id$v=19$m=19456,t=2,p=1$YXNzZXRnYXRlLXNhbHQtMTY$HqjP7lA3UVkRbQR1GwGUTGLDbcrRQyxAgx49F30GLRo")).isTrue();
        assertThat(hasher.verify("pässwörd ✓",
                "$argon2id$v=19$m=8192,t=3,p=2$YW5vdGhlci1zYWx0LTEyMw$uNDBMx/236TppDt0FRpzt7gIixEr1hE5JVEhBvBT2Ek")).isTrue();
        assertThat(hasher.verify("correct horse batterY",
                "$argon2id$v=19$m=19456,t=2,p=1$YXNzZXRnYXRlLXNhbHQtMTY$HqjP7lA3UVkRbQR1GwGUTGLDbcrRQyxAgx49F30GLRo")).isFalse();
    }

    @Test
    void hashesWithOwaspParametersAndAFreshSaltEachTime() {
        String first = hasher.hash("a fine password");
        String second = hasher.hash("a fine password");
        assertThat(first).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(first).isNotEqualTo(second).doesNotContain("a fine password");
        assertThat(hasher.verify("a fine password", first)).isTrue();
        assertThat(hasher.verify("a fine password", second)).isTrue();
        assertThat(hasher.verify("a fine passwor", first)).isFalse();
        assertThat(hasher.verify("", first)).isFalse();
    }

    @Test
    void malformedOrTamperedHashesNeverMatch() {
        String good = hasher.hash("a fine password");
        String[] parts = good.split("\\$");
        List<String> bad = List.of("", "plain", "$argon2i$v=19$m=19456,t=2,p=1$" + parts[4] + "$" + parts[5],
                "$argon2id$v=16$m=19456,t=2,p=1$" + parts[4] + "$" + parts[5],
                "$argon2id$v=19$m=19456,t=3,p=1$" + parts[4] + "$" + parts[5],
                "$argon2id$v=19$m=99999999,t=2,p=1$" + parts[4] + "$" + parts[5],
                "$argon2id$v=19$m=19456,t=2,p=1,x=1$" + parts[4] + "$" + parts[5],
                "$argon2id$v=19$m=19456,t=2,p=1$!!!$" + parts[5],
                "$argon2id$v=19$m=19456,t=2,p=1$" + parts[4] + "$" + parts[5].substring(0, 20));
        for (String stored : bad) assertThat(hasher.verify("a fine password", stored)).as(stored).isFalse();
    }

    @Test
    void accessTokensBindTheShareItsPasswordAndAnExpiry() {
        ShareAccess access = new ShareAccess("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.parse("2026-03-04T05:06:07Z");
        Share share = new Share("u1", "proj", "puid", "t", "", null, null, "$argon2id$hash-one", true, null, 0, List.of(), "k", now, now);
        PasswordPass.Token token = access.mint(share, now);
        assertThat(token.expiresAt()).isEqualTo(now.plus(ShareAccess.LIFETIME));
        assertThat(access.check(share, token.value(), now.plusSeconds(60))).contains(token);
        assertThat(access.check(share, token.value(), token.expiresAt())).as("expired").isEmpty();
        assertThat(access.check(withHash(share, "$argon2id$hash-two"), token.value(), now)).as("password changed").isEmpty();
        assertThat(access.check(withHash(share, null), token.value(), now)).as("no password: no token").isEmpty();
        Share other = new Share("u2", "proj", "puid2", "t", "", null, null, "$argon2id$hash-one", true, null, 0, List.of(), "k", now, now);
        assertThat(access.check(other, token.value(), now)).as("another share").isEmpty();
        ShareAccess otherSecret = new ShareAccess("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
        assertThat(otherSecret.check(share, token.value(), now)).as("another server secret").isEmpty();
        String[] parts = token.value().split("\\.");
        long later = Long.parseLong(parts[1]) + 3600;
        assertThat(access.check(share, "v1." + later + "." + parts[2], now)).as("a longer expiry is not signed").isEmpty();
        for (String junk : List.of("", "v1", "v2." + parts[1] + "." + parts[2], "v1.x." + parts[2], "v1." + parts[1] + ".", "a.b.c.d")) {
            assertThat(access.check(share, junk, now)).as(junk).isEmpty();
        }
        assertThat(access.check(share, null, now)).isEmpty();
        assertThat(Duration.between(now, token.expiresAt())).isEqualTo(Duration.ofHours(1));
    }

    private static Share withHash(Share s, String hash) {
        return new Share(s.uuid(), s.project(), s.puid(), s.title(), s.description(), s.startsAt(), s.expiresAt(), hash, s.download(),
                s.maxUses(), s.uses(), s.items(), s.createdBy(), s.createdAt(), s.updatedAt());
    }
}
