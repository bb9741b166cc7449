package dev.assetgate.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Constant-rate GETs with latency measured from each request's intended start, for bench/run.sh's
 * "p99 at half the peak rate" rows (issue 17). wrk sends a request only when a connection is free,
 * so a slow answer delays the requests behind it and their wait is never counted (coordinated
 * omission); wrk2 and vegeta, which pace, are not in Debian 12. This is wrk2's model: each of
 * CONNECTIONS keep-alive connections has its own schedule (rate / CONNECTIONS, staggered), and
 * request k of a connection is due at its slot whatever happened before; when an answer comes late
 * the next request goes out at once and its latency still runs from its due time, as a real
 * client's would.
 *
 * <p>Plain blocking sockets and one thread per connection, not an HTTP client library: the client
 * shares the 2-core bench machine with the server, and a general client costs several times the
 * CPU per request (Jetty's HttpClient took about half a core at 5,000 req/s there). It speaks just
 * enough HTTP/1.1 for our GETs: Content-Length or chunked bodies, {@code Connection: close}.
 *
 * <p>Usage: PacedLoad KEY URL RATE WARMUP_S SECONDS RUNS CONNECTIONS ["Name: value"...]. After an
 * unrecorded warm-up at the same rate, RUNS runs of SECONDS each; per run it prints bench/run.sh's
 * results.tsv lines KEY.rate, KEY.achieved (req/s), KEY.p50/p90/p99/p999/max (ms), KEY.errors
 * (failed or not 2xx/3xx; their latency is not recorded), and two figures that say whether this
 * client kept up: KEY.send_lag_p99 (ms a request left after it was due while its connection was
 * free: the pacer's own delay) and KEY.client_cpu (cores this JVM used on average).
 */
public final class PacedLoad {
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

    public static void main(String[] args) throws Exception {
        String key = args[0];
        URI uri = URI.create(args[1]);
        double rate = Double.parseDouble(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int runs = Integer.parseInt(args[5]);
        int connections = Integer.parseInt(args[6]);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        for (int i = 7; i < args.length; i++) {
            request.append(args[i]).append("\r\n");
        }
        request.append("\r\n");
        PacedLoad load = new PacedLoad(uri.getHost(), uri.getPort(), request.toString().getBytes(StandardCharsets.ISO_8859_1),
                rate, connections);
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
            System.out.printf(Locale.ROOT, "%s.send_lag_p99\t%.3f\t%n", key, run.sendLag.getValueAtPercentile(99) / 1e6);
            System.out.printf(Locale.ROOT, "%s.client_cpu\t%.2f\t%n", key, run.clientCpu);
            System.out.flush();
        }
    }

    private record Run(Histogram latency, double achieved, long errors, String firstError, Histogram sendLag, double clientCpu) {}

    private final String host;
    private final int port;
    private final byte[] request;
    private final double rate;
    private final int connections;

    private PacedLoad(String host, int port, byte[] request, double rate, int connections) {
        this.host = host;
        this.port = port;
        this.request = request;
        this.rate = rate;
        this.connections = connections;
    }

    private Run run(int seconds) throws InterruptedException {
        long total = Math.max(1, Math.round(rate * seconds));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        Histogram latency = new Histogram(MAX_NANOS, 3);
        Histogram sendLag = new Histogram(MAX_NANOS, 3);
        AtomicLong errors = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong(start);
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int slot = c;
            Connection conn = new Connection();
            Thread t = new Thread(() -> {
                // this connection's requests: global numbers slot, slot + connections, ...
                for (long i = slot; i < total; i += connections) {
                    long due = start + (long) (i * 1e9 / rate);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);   // no spinning: the pacer must not take a core from the server
                    }
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = conn.exchange();
                    } catch (IOException e) {
                        status = -1;
                        firstError.compareAndSet(null, e.toString());
                        conn.close();
                    }
                    long end = System.nanoTime();
                    lastEnd.accumulateAndGet(end, Math::max);
                    if (status < 200 || status >= 400) {
                        errors.incrementAndGet();
                        if (status > 0) {
                            firstError.compareAndSet(null, "HTTP " + status);
                        }
                        continue;
                    }
                    synchronized (latency) {
                        latency.recordValue(Math.min(end - due, MAX_NANOS));
                        // late because this connection's previous answer was late is latency, not pacer lag
                        sendLag.recordValue(Math.min(Math.max(0, sent - Math.max(due, conn.previousEnd)), MAX_NANOS));
                    }
                    conn.previousEnd = end;
                }
                conn.close();
            }, "paced-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (lastEnd.get() - start) / 1e9;
        double clientCpu = (os.getProcessCpuTime() - cpu0) / 1e9 / elapsed;
        return new Run(latency, total / elapsed, errors.get(), firstError.get(), sendLag, clientCpu);
    }

    /** One keep-alive HTTP/1.1 connection, opened on first use and again after a close or failure. */
    private final class Connection {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        long previousEnd;

        int exchange() throws IOException {
            if (socket == null) {
                socket = new Socket(host, port);
                socket.setTcpNoDelay(true);
                socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
                in = new BufferedInputStream(socket.getInputStream(), 65536);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) { }   // trailers
            } else if (length >= 0) {
                skip(length);
            } else {
                close = true;   // a body up to the close: not expected from our GETs
                while (in.read() >= 0) { }
            }
            if (close) {
                close();
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("connection closed mid-response");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("connection closed mid-body");
                    }
                    k = 1;
                }
                n -= k;
            }
        }

        void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
        }
    }
}
