package dev.assetgate.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP receiver in the test JVM on 127.0.0.1 (the servers under test allow it through
 * {@code webhook-allow}): records every request, and answers with {@link #answer} (200 unless a test
 * makes it fail, e.g. the first n requests).
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    /** Requests still to refuse with 500 before answering 200. */
    final AtomicInteger failNext = new AtomicInteger();

    record Received(String signature, String eventHeader, String eventId, String body, JsonNode json, int answered) {}

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            synchronized (received) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-Assetgate-Signature"),
                        exchange.getRequestHeaders().getFirst("X-Assetgate-Event"),
                        exchange.getRequestHeaders().getFirst("X-Assetgate-Event-Id"), body, JSON.readTree(body), status));
                received.notifyAll();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits (up to 20 s) until the requests received so far satisfy {@code done}; returns them. */
    List<Received> await(String what, Predicate<List<Received>> done) throws InterruptedException {
        return await(what, done, Duration.ofSeconds(20));
    }

    List<Received> await(String what, Predicate<List<Received>> done, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        synchronized (received) {
            while (!done.test(received)) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) throw new AssertionError("webhook receiver: " + what + " did not happen; received " + received.size() + " requests");
                received.wait(left);
            }
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
