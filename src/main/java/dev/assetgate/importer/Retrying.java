package dev.assetgate.importer;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How an HTTP call is tried again: {@code 429} and {@code 503} wait for the server's
 * {@code Retry-After} (seconds or an HTTP date), else an exponential backoff with jitter, up to
 * {@link #busyAttempts} tries; a connection that fails or breaks is tried {@link #connectionAttempts}
 * times. Anything else is the answer.
 */
public final class Retrying {
    private final int busyAttempts;
    private final int connectionAttempts;
    private final Duration firstBackoff;
    private final Duration maxWait;

    public Retrying(int busyAttempts, int connectionAttempts, Duration firstBackoff, Duration maxWait) {
        this.busyAttempts = busyAttempts;
        this.connectionAttempts = connectionAttempts;
        this.firstBackoff = firstBackoff;
        this.maxWait = maxWait;
    }

    public static Retrying standard() {
        return new Retrying(10, 4, Duration.ofMillis(500), Duration.ofSeconds(60));
    }

    /** What the retry decision reads of an HTTP answer. */
    public interface Answer {
        int status();

        /** The {@code Retry-After} header, or null. */
        String retryAfter();

        /** Releases an answer that is dropped for another attempt. */
        default void discard() {}
    }

    @FunctionalInterface
    public interface Call<T extends Answer> {
        T send() throws IOException;
    }

    /** The first answer that is not "busy", or the last busy one. */
    public <T extends Answer> T call(String server, Call<T> call) throws IOException {
        int busy = 0;
        int broken = 0;
        while (true) {
            T r;
            try {
                r = call.send();
            } catch (RemoteProject.SourceUnreadable e) {
                throw (IOException) e.getCause();
            } catch (IOException e) {
                if (++broken >= connectionAttempts) {
                    throw new RemoteException(0, "UNREACHABLE", "cannot reach " + server + ": " + describe(e));
                }
                sleep(backoff(broken));
                continue;
            }
            if ((r.status() != 429 && r.status() != 503) || ++busy >= busyAttempts) {
                return r;
            }
            r.discard();
            sleep(retryAfter(r.retryAfter()).orElse(backoff(busy)));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) return "connection refused";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private Duration backoff(int attempt) {
        long base = firstBackoff.toMillis() << Math.min(attempt - 1, 16);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(Math.min(jittered, maxWait.toMillis()));
    }

    /** {@code Retry-After} as seconds or an HTTP date, capped at {@link #maxWait}. */
    private java.util.Optional<Duration> retryAfter(String header) {
        return java.util.Optional.ofNullable(header).map(value -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    return Duration.between(ZonedDateTime.now(at.getZone()), at).isNegative() ? Duration.ZERO
                            : Duration.between(ZonedDateTime.now(at.getZone()), at);
                } catch (RuntimeException unreadable) {
                    return null;
                }
            }
        }).map(d -> d.compareTo(maxWait) > 0 ? maxWait : d);
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
