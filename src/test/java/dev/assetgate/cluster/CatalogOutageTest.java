package dev.assetgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestPostgres;
import dev.assetgate.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL goes away, requests are refused with 503 (not served from stale state, not a 500
 * bug report) within seconds, and served again when it returns. The outage is a TCP relay in front
 * of the real PostgreSQL that the test cuts and restores.
 */
@Tag("cluster")
class CatalogOutageTest {

    @Test
    void requestsAreRefusedWith503WhileTheCatalogIsUnreachableAndServedAgainAfter() throws Exception {
        TestPostgres.assumeAvailable();
        String schema = TestPostgres.createSchema();
        try (Relay relay = new Relay(5432);
             TestServer server = TestServer.start(Map.of(Setting.CATALOG, "postgres",
                     Setting.POSTGRES_URL, "jdbc:postgresql://127.0.0.1:" + relay.port() + "/test?currentSchema=" + schema,
                     Setting.POSTGRES_USER, TestPostgres.USER))) {
            server.createProject("outage");
            Api api = server.allKey("outage").in("outage");
            assertThat(api.get("/v5/files?folder=/").status()).isEqualTo(200);

            relay.cut();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            Api.Response refused = api.get("/v5/files?folder=/");
            while (refused.status() != 503 && Instant.now().isBefore(deadline)) {
                refused = api.get("/v5/files?folder=/");
            }
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(refused.header("Retry-After")).isEqualTo("5");

            relay.restore();
            deadline = Instant.now().plus(Duration.ofSeconds(20));
            int status = api.get("/v5/files?folder=/").status();
            while (status != 200 && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                status = api.get("/v5/files?folder=/").status();
            }
            assertThat(status).isEqualTo(200);
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    /** A TCP relay on loopback to a local port; cut() drops every connection and refuses new ones until restore(). */
    static final class Relay implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0);
        private final int target;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile boolean cut;

        Relay(int target) throws IOException {
            this.target = target;
            Thread accept = new Thread(this::acceptLoop, "relay-accept");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void cut() {
            cut = true;
            open.forEach(Relay::closeQuietly);
            open.clear();
        }

        void restore() {
            cut = false;
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    if (cut) {
                        closeQuietly(client);
                        continue;
                    }
                    Socket upstream = new Socket("127.0.0.1", target);
                    open.add(client);
                    open.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // listener closed, or one connection failed: keep serving the others
                }
            }
        }

        private static void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // the other side went away
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "relay-pipe");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void close() throws IOException {
            cut();
            listener.close();
        }
    }
}
