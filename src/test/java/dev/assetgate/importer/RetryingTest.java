package dev.assetgate.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The importer's client against a busy server (the JDK's small HTTP server answering 429 and 503):
 * it waits for the Retry-After the server asks for, then goes on; it gives up after its attempts.
 */
class RetryingTest {
    private HttpServer busy;
    private final AtomicInteger refusals = new AtomicInteger();
    private final List<Long> arrivals = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        busy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        busy.createContext("/", exchange -> {
            synchronized (arrivals) {
                arrivals.add(System.nanoTime());
            }
            exchange.getRequestBody().readAllBytes();
            byte[] body;
            if (refusals.getAndDecrement() > 0) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                body = "{\"status\":\"error\",\"code\":\"RATE_LIMITED\",\"msg\":\"slow down\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(arrivals.size() % 2 == 0 ? 503 : 429, body.length);
            } else {
                body = "{\"status\":\"success\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
            }
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        busy.start();
    }

    @AfterEach
    void stop() {
        busy.stop(0);
    }

    private RemoteProject client(int attempts) {
        return new RemoteProject("http://127.0.0.1:" + busy.getAddress().getPort(), "proj", "key",
                new Retrying(attempts, 2, Duration.ofMillis(10), Duration.ofSeconds(5)));
    }

    @Test
    void aBusyServerIsAskedAgainAfterItsRetryAfter() throws Exception {
        refusals.set(2);
        assertThat(client(5).get("/v4/files").path("n").asInt()).isEqualTo(1);
        assertThat(arrivals).hasSize(3);
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.ofNanos(arrivals.get(2) - arrivals.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aStreamedUploadIsSentAgainFromTheStart() throws Exception {
        refusals.set(1);
        AtomicInteger opened = new AtomicInteger();
        byte[] bytes = new byte[100_000];
        client(5).putStream("/v4/files?folder=%2F&filename=x", () -> {
            opened.incrementAndGet();
            return new java.io.ByteArrayInputStream(bytes);
        }, bytes.length, null);
        assertThat(opened.get()).isEqualTo(2);
    }

    @Test
    void itGivesUpAfterItsAttemptsWithTheServersReason() {
        refusals.set(100);
        assertThatThrownBy(() -> client(2).get("/v4/files")).isInstanceOf(RemoteException.class)
                .hasMessageContaining("slow down");
        assertThat(arrivals).hasSize(2);
    }
}
