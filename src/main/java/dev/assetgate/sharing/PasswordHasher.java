package dev.assetgate.sharing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Share passwords at rest: Argon2id (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, with OWASP's minimum parameters (19 MiB,
 * two passes, one lane) and a 16-byte random salt. Verification reads the parameters from the
 * stored string, so stronger parameters later keep old hashes valid, and compares in constant time.
 * Each computation takes 19 MiB, so at most one per processor runs at a time: a burst of password
 * attempts queues instead of exhausting memory.
 */
public final class PasswordHasher {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final Semaphore running = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = compute(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when {@code password} matches the stored PHC string; a malformed string never matches. */
    public boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
        int m = 0;
        int t = 0;
        int p = 0;
        for (String param : parts[3].split(",")) {
            String[] kv = param.split("=", 2);
            if (kv.length != 2) return false;
            int value;
            try {
                value = Integer.parseInt(kv[1]);
            } catch (NumberFormatException e) {
                return false;
            }
            switch (kv[0]) {
                case "m" -> m = value;
                case "t" -> t = value;
                case "p" -> p = value;
                default -> { return false; }
            }
        }
        // bounds: a corrupt row must not make us allocate gigabytes
        if (m < 8 || m > 1024 * 1024 || t < 1 || t > 100 || p < 1 || p > 16) return false;
        byte[] salt;
        byte[] expected;
        try {
            salt = B64_DECODE.decode(parts[4]);
            expected = B64_DECODE.decode(parts[5]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (expected.length < 16 || expected.length > 64) return false;
        byte[] actual = compute(password, salt, m, t, p, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    private byte[] compute(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        running.acquireUninterruptibly();
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(params);
            generator.generateBytes(secret, out);
        } finally {
            running.release();
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }
}
