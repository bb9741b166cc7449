package dev.assetgate.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * How long a change made on one node takes to be seen on another (a deactivated key refused, a
 * revoked SASS key refused). The design aims at well under a second; a loaded test machine is no
 * judge of that, so the time is measured and recorded — printed and appended to
 * {@code target/propagation-times.txt} — and only an absurd wait (a real break) fails.
 */
public final class Propagation {
    /** Far beyond the design's "within 1 s", so only a change that never arrives fails. */
    public static final Duration BOUND = Duration.ofSeconds(15);
    private static final Path RECORD = Path.of("target", "propagation-times.txt");

    private Propagation() {}

    /** Polls {@code seen} until it holds; records and returns how long that took. */
    public static Duration await(String what, BooleanSupplier seen) {
        long start = System.nanoTime();
        while (!seen.getAsBoolean()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("%s: not seen after %s", what, BOUND).isLessThan(BOUND);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        record(what, took);
        return took;
    }

    private static void record(String what, Duration took) {
        String line = Instant.now() + " " + took.toMillis() + " ms: " + what;
        System.out.println("[propagation] " + line);
        try {
            Files.createDirectories(RECORD.getParent());
            Files.writeString(RECORD, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
