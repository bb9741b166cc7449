package dev.assetgate.http;

import static dev.assetgate.http.BadInputTest.expect;
import static dev.assetgate.http.UploadPathsTest.urls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * URL uploads against sources that misbehave or hide where they point: a source that sends its
 * body too slowly is refused as the source's fault (422, not a bare 408), IPv6 spellings that
 * reach IPv4 are internal addresses, and no refusal echoes Java class names.
 */
@WithServer
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
@ServerSetting(key = Setting.URL_UPLOAD_TIMEOUT_SECONDS, value = "1")
class UrlUploadHardeningTest {
    /** "java.net.ConnectException", "org.eclipse.jetty.io.EofException": what a refusal must not show. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");
    static TestServer server;
    static Api api;
    static SlowSource slow;

    @BeforeAll
    static void start(TestServer started) throws IOException {
        server = started;
        server.createProject("urls");
        api = server.allKey("urls").in("urls");
        slow = new SlowSource();
    }

    @AfterAll
    static void stop() throws IOException {
        slow.close();
    }

    @Test
    void aSourceSendingItsBodyTooSlowlyIsRefusedAndLeavesNothing() {
        Api.Response r = api.postJson("/v4/files?folder=/slow", urls("http://127.0.0.1:" + slow.port() + "/drip.bin"));
        expect(r, 422, "UPLOAD_URL_REFUSED", "a source that drips its body");
        assertThat(r.json().path("msg").asText()).contains("too slowly");
        assertNoClassNames(r);
        assertThat(UploadPathsTest.listedNames(api, "/", true)).isEmpty();
        assertThat(server.blobStoreContents()).isEmpty();
    }

    @Test
    void ipv6SpellingsThatReachIpv4AreInternal() {
        int connectionsBefore = slow.connections();
        // IPv4-compatible, Teredo, NAT64 well-known and local-use prefixes, 6to4: each can lead to 127.0.0.1 or 10/8
        for (String host : List.of("[::127.0.0.1]", "[::10.0.0.1]", "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
                "[64:ff9b::7f00:1]", "[64:ff9b:1::a00:1]", "[2002:7f00:1::1]")) {
            Api.Response r = api.postJson("/v4/files?folder=/ssrf", urls("http://" + host + ":" + slow.port() + "/x"));
            expect(r, 422, "UPLOAD_URL_REFUSED", host);
            assertThat(r.json().path("msg").asText()).as(host).contains("internal address");
        }
        assertThat(slow.connections()).as("no refused address was connected to").isEqualTo(connectionsBefore);
    }

    @Test
    void aSourceThatRefusesTheConnectionIsNamedWithoutJavaClassNames() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Api.Response r = api.postJson("/v4/files?folder=/closed", urls("http://127.0.0.1:" + closedPort + "/x"));
        expect(r, 422, "UPLOAD_URL_REFUSED", "a closed port");
        assertNoClassNames(r);
    }

    @Test
    void parserErrorsDoNotEchoJavaClassNames() {
        for (String body : List.of("{\"name\":", "{\"name\":\"a\",\"name\":\"b\"}", "[1,2", "{\"a\":1}x", "\u0000", "{\"a\":01}")) {
            Api.Response r = api.postJson("/v5/folders", body);
            assertThat(r.status()).as(body + " → " + r).isEqualTo(400);
            assertNoClassNames(r);
        }
    }

    static void assertNoClassNames(Api.Response r) {
        assertThat(CLASS_NAME.matcher(r.json().path("msg").asText()).find()).as("msg of " + r).isFalse();
        assertThat(CLASS_NAME.matcher(r.json().path("hint").asText()).find()).as("hint of " + r).isFalse();
    }

    /** Answers every request with a 1 MB Content-Length, then sends one byte every 200 ms. */
    static final class SlowSource implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

        SlowSource() throws IOException {
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        connections.incrementAndGet();
                        Thread drip = new Thread(() -> drip(client));
                        drip.setDaemon(true);
                        drip.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        private static void drip(Socket client) {
            try (client) {
                client.getInputStream().read(new byte[8192]); // the request (small, one read is enough)
                OutputStream out = client.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 100; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException gone) {
                // the fetcher gave up: that is the point
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
