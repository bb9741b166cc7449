package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests Jetty refuses before any route runs get the error envelope too, not Jetty's HTML page
 * or an empty body. Sent over a raw socket, since an HTTP client would not send them. (A body over
 * a limit is refused by the routes, in the envelope: see BadInputTest and UploadPathsTest.)
 */
@WithServer
class JettyErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("jetty");
    }

    @Test
    void aUrlTooLongIs414InTheEnvelope() throws IOException {
        Raw r = send("GET /jetty/v5/files?folder=/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        r.assertEnvelope(414, "URI_TOO_LONG");
    }

    @Test
    void headersTooLargeAre431InTheEnvelope() throws IOException {
        Raw r = send("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        r.assertEnvelope(431, "HEADERS_TOO_LARGE");
    }

    @Test
    void aBadRequestLineIs400InTheEnvelope() throws IOException {
        send("GARBAGE\r\n\r\n").assertEnvelope(400, "BAD_REQUEST");
        send("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n").assertEnvelope(400, "BAD_REQUEST");
        send("GET /jetty/v5/files/%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").assertEnvelope(400, "BAD_REQUEST");
    }

    record Raw(int status, String head, String body) {
        void assertEnvelope(int expectedStatus, String code) {
            assertThat(status).as(head + "\n" + body).isEqualTo(expectedStatus);
            assertThat(head.toLowerCase()).as(head).contains("content-type: application/json");
            assertThat(head.toLowerCase()).as("no cache keeps an error").contains("cache-control: no-store");
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body);
            }
            assertThat(json.path("status").asText()).isEqualTo("error");
            assertThat(json.path("code").asText()).isEqualTo(code);
            assertThat(json.path("msg").asText()).isNotBlank();
            assertThat(json.path("hint").asText()).isNotBlank();
            assertThat(body).doesNotContain("<html", "jetty", "Exception");
        }
    }

    /** Writes the bytes as they are and reads the answer until the server closes the connection. */
    static Raw send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it has read everything: read its answer
            }
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Raw(status, head, body);
        }
    }
}
