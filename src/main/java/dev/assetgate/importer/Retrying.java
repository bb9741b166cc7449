package dev.assetgate.importer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

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

    @FunctionalInterface
    public interface Call<T> {
        HttpResponse<T> send() throws IOException, InterruptedException;
    }

    /**
     * The first answer that is not "busy", or the last busy one; {@code status} reads an answer's
     * status (and may release its body when it will be retried).
     */
    public <T> HttpResponse<T> call(String server, Call<T> call, ToIntFunction<HttpResponse<T>> status) throws IOException {
        int busy = 0;
        int broken = 0;
        while (true) {
            HttpResponse<T> r;
            try {
                r = call.send();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (IOException e) {
                if (causedBySource(e) != null) throw causedBySource(e);
                if (++broken >= connectionAttempts) {
                    throw new RemoteException(0, "UNREACHABLE", "cannot reach " + server + ": " + describe(e));
                }
                sleep(backoff(broken));
                continue;
            }
            int code = status.applyAsInt(r);
            if ((code != 429 && code != 503) || ++busy >= busyAttempts) {
                return r;
            }
            sleep(retryAfter(r).orElse(backoff(busy)));
        }
    }

    private static IOException causedBySource(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RemoteProject.SourceUnreadable s) return (IOException) s.getCause();
        }
        return null;
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
    private java.util.Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").map(value -> {
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
