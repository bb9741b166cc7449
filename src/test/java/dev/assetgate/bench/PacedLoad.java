package dev.assetgate.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;

/**
 * Constant-rate GETs with latency measured from each request's intended start, for bench/run.sh's
 * "p99 at half the peak rate" rows (issue 17). wrk sends a request only when a connection is free,
 * so a slow answer delays the requests behind it and their wait is never counted (coordinated
 * omission); wrk2 and vegeta, which pace, are not in Debian 12. Here request i is due at
 * start + i / rate whatever happened before it: if the server (or this client) falls behind, the
 * time a request sat waiting to be sent is part of its latency, as it would be for a real client.
 *
 * <p>Usage: PacedLoad KEY URL RATE WARMUP_S SECONDS RUNS CONNECTIONS ["Name: value"...]. After an
 * unrecorded warm-up at the same rate, RUNS runs of SECONDS each; per run it prints bench/run.sh's
 * results.tsv lines KEY.rate, KEY.achieved (req/s), KEY.p50/p90/p99/p999/max (ms) and KEY.errors
 * (failed or not 2xx/3xx; their latency is not recorded). Jetty's HTTP client, keep-alive, at most
 * CONNECTIONS connections; requests beyond them queue in the client, and that queueing counts.
 */
public final class PacedLoad {
    public static void main(String[] args) throws Exception {
        String key = args[0];
        URI uri = URI.create(args[1]);
        double rate = Double.parseDouble(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int runs = Integer.parseInt(args[5]);
        int connections = Integer.parseInt(args[6]);
        List<HttpField> headers = new ArrayList<>();
        for (int i = 7; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            headers.add(new HttpField(args[i].substring(0, colon).trim(), args[i].substring(colon + 1).trim()));
        }
        HttpClient client = new HttpClient();
        client.setMaxConnectionsPerDestination(connections);
        client.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);   // an overloaded server shows as latency, not as refusals
        client.setFollowRedirects(false);
        client.start();
        try {
            PacedLoad load = new PacedLoad(client, uri, headers, rate);
            if (warmup > 0) {
                load.run(warmup);
            }
            for (int r = 0; r < runs; r++) {
                Run run = load.run(seconds);
                Histogram h = run.latency;
                System.out.printf(Locale.ROOT, "%s.rate\t%.1f\t%d connections%n", key, rate, connections);
                System.out.printf(Locale.ROOT, "%s.achieved\t%.1f\t%n", key, run.achieved);
                for (double p : new double[] {50, 90, 99, 99.9}) {
                    String name = p == 99.9 ? "p999" : "p" + (int) p;
                    // nothing answered well: no figure rather than a 0 ms that would read as met
                    double ms = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e6;
                    System.out.printf(Locale.ROOT, "%s.%s\t%.3f\t%n", key, name, ms);
                }
                System.out.printf(Locale.ROOT, "%s.max\t%.3f\t%n", key, h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1e6);
                System.out.printf(Locale.ROOT, "%s.errors\t%d\t%s%n", key, run.errors, run.firstError == null ? "" : run.firstError);
                System.out.flush();
            }
        } finally {
            client.stop();
        }
    }

    private record Run(Histogram latency, double achieved, long errors, String firstError) {}

    private final HttpClient client;
    private final URI uri;
    private final List<HttpField> headers;
    private final double rate;

    private PacedLoad(HttpClient client, URI uri, List<HttpField> headers, double rate) {
        this.client = client;
        this.uri = uri;
        this.headers = headers;
        this.rate = rate;
    }

    private Run run(int seconds) throws InterruptedException {
        long total = Math.max(1, Math.round(rate * seconds));
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong errors = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        String[] firstError = new String[1];
        CountDownLatch finished = new CountDownLatch((int) total);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            // park until due; no spinning: the pacer must not take a core from the server on a small
            // machine. Waking late only sends late, and that lateness is counted below.
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            client.newRequest(uri)
                    .headers(h -> headers.forEach(h::put))
                    .timeout(30, TimeUnit.SECONDS)
                    .send(result -> {
                        long end = System.nanoTime();
                        lastEnd.accumulateAndGet(end, Math::max);
                        int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
                        if (result.isFailed() || status < 200 || status >= 400) {
                            if (errors.getAndIncrement() == 0) {
                                firstError[0] = result.isFailed() ? String.valueOf(result.getFailure()) : "HTTP " + status;
                            }
                        } else {
                            recorder.recordValue(Math.min(end - due, TimeUnit.SECONDS.toNanos(60)));
                        }
                        finished.countDown();
                    });
        }
        if (!finished.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered 60 s after the last was sent");
        }
        double achieved = total / ((lastEnd.get() - start) / 1e9);
        return new Run(recorder.getIntervalHistogram(), achieved, errors.get(), firstError[0]);
    }
}
