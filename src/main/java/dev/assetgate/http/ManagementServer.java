package dev.assetgate.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.assetgate.metrics.ServerMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The management port of {@code metrics=port}: GET /metrics and nothing else, on its own address
 * (loopback by default), so monitoring is reachable where the operator puts it and never through the
 * public port. The JDK's small HTTP server on one thread is enough for a scrape every few seconds.
 */
final class ManagementServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService thread;

    private ManagementServer(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    static ManagementServer start(String host, int port, ServerMetrics metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the metrics port " + host + ":" + port + " (metrics-port): " + e.getMessage(), e);
        }
        server.createContext("/", exchange -> answer(exchange, metrics));
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "assetgate-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.start();
        return new ManagementServer(server, thread);
    }

    private static void answer(HttpExchange exchange, ServerMetrics metrics) throws IOException {
        try {
            boolean metricsPath = exchange.getRequestURI().getPath().equals("/metrics");
            String method = exchange.getRequestMethod();
            if (!metricsPath || !(method.equals("GET") || method.equals("HEAD"))) {
                byte[] body = ("{\"status\":\"error\",\"code\":\"NOT_FOUND\",\"msg\":\"the management port serves GET /metrics only\","
                        + "\"hint\":\"Scrape /metrics.\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", HttpSupport.JSON);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", MetricsRoute.CONTENT_TYPE);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
