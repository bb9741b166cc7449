package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.RawHttp;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 D8 and D13: a multipart upload (the widget's path) is refused for what does not need its
 * bytes — the folder's scope, the counted limits — before its body is read, and held to the key's
 * file size limit while it streams; each test measures what the server spooled to
 * {@code <data-dir>/tmp} meanwhile. A part header too long is a malformed body, not a file too big.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class MultipartBeforeTheBodyTest {
    private static final int MB = 1 << 20;
    /** Jetty keeps a part in memory up to 64 KiB; a refusal may leave about that much on disk, never the body. */
    private static final long MOST_SPOOLED = 256 * 1024;
    TestProject project;

    @BeforeEach
    void prepare(TestProject fresh) {
        project = fresh;
    }

    private String key(String upload) {
        return Sass.keyWith(project, Sass.uploads(upload)).key;
    }

    @Test
    void aKeyAllowedAThousandBytesStopsTheParserNearThat() throws Exception {
        String key = key("{\"max_file_size\":1000}");
        Api.Multipart body = new Api.Multipart().file("files[]", "big.bin", "application/octet-stream", new byte[12 * MB]);

        try (SpoolWatch spool = new SpoolWatch(project.server.dataDir.resolve("tmp"))) {
            Api.Response r = post(key, "/v4/files?folder=/", body, false);
            assertError(r, 413, "FILE_TOO_BIG");
            assertThat(r.json().path("msg").asText()).contains("1000 bytes");
            assertThat(r.json().path("hint").asText()).contains("upload.max_file_size");
            assertThat(spool.peak()).as("bytes spooled for a 12 MB body refused at 1,000").isLessThan(MOST_SPOOLED);
        }
        assertThat(Sass.allFiles(project.api)).isEmpty();
    }

    @Test
    void aKeyWithNoUploadsLeftIsRefusedBeforeItsBodyIsRead() throws Exception {
        String key = key("{\"max\":1}");
        assertThat(post(key, "/v4/files?folder=/", new Api.Multipart().file("files[]", "one.txt", "text/plain", new byte[] {1}), false)
                .status()).isEqualTo(200);
        Api.Multipart big = new Api.Multipart().file("files[]", "big.bin", "application/octet-stream", new byte[30 * MB]);

        try (SpoolWatch spool = new SpoolWatch(project.server.dataDir.resolve("tmp"))) {
            assertError(post(key, "/v4/files?folder=/", big, true), 429, "RATE_LIMITED");
            assertThat(spool.peak()).as("bytes spooled before the 429").isZero();
        }
    }

    @Test
    void aFolderOutsideTheScopeIsRefusedBeforeTheBodyIsRead() throws Exception {
        String key = key("{\"dir_scope\":[\"/uploads/*\"],\"max\":1}");
        Api.Multipart big = new Api.Multipart().file("files[]", "big.bin", "application/octet-stream", new byte[30 * MB]);

        try (SpoolWatch spool = new SpoolWatch(project.server.dataDir.resolve("tmp"))) {
            assertError(post(key, "/v4/files?folder=/secret", big, true), 403, "FOLDER_NOT_ALLOWED");
            assertThat(spool.peak()).as("bytes spooled before the 403").isZero();
        }
        // and the refusal spent nothing
        assertThat(post(key, "/v4/files?folder=/uploads", new Api.Multipart().file("files[]", "ok.txt", "text/plain", new byte[] {1}), false)
                .status()).isEqualTo(200);
    }

    /**
     * A refusal decided before the body is read still waits for a small body the client is sending:
     * answering and closing first would put the client's next bytes into a closed socket, and clients
     * then lose the answer (Node's fetch failed so in the console's e2e test).
     */
    @Test
    void aRefusalWaitsForTheSmallBodyStillOnItsWay() {
        String key = key("{\"dir_scope\":[\"/uploads/*\"]}");
        Api.Multipart form = new Api.Multipart().file("files[]", "nope.txt", "text/plain", "nope".getBytes(StandardCharsets.UTF_8));
        byte[] body = form.body();
        try (RawHttp http = RawHttp.connect(project.server.port())) {
            http.send(head(key, "/v4/files?folder=/private", form.contentType(), body.length, "Connection: close\r\n"));
            assertThat(http.quietFor(Duration.ofMillis(500))).as("answered before the body came").isTrue();
            Api.Response r = http.send(body).answer();
            assertError(r, 403, "FOLDER_NOT_ALLOWED");
        }
        // a forged key is refused the same way, by the access decision before any route
        try (RawHttp http = RawHttp.connect(project.server.port())) {
            http.send(head("forged", "/v4/files?folder=/uploads", form.contentType(), body.length, "Connection: close\r\n"));
            assertThat(http.quietFor(Duration.ofMillis(500))).as("answered before the body came").isTrue();
            assertThat(http.send(body).answer().status()).isEqualTo(401);
        }
        assertThat(Sass.allFiles(project.api)).isEmpty();
    }

    /** A refused body read to its end leaves the connection fit for the client's next request. */
    @Test
    void aConnectionWhoseRefusedBodyWasReadServesTheNextRequest() {
        byte[] body = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = RawHttp.connect(project.server.port())) {
            http.send(head("forged", "/v4/folders", "application/json", body.length, ""));
            assertThat(http.quietFor(Duration.ofMillis(300))).as("answered before the body came").isTrue();
            Api.Response refused = http.send(body).next();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Connection")).isEmpty();
            Api.Response next = http.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").answer();
            assertThat(next.status()).isEqualTo(200);
        }
    }

    /** A body that trickles in is read for a bounded time only; the answer then closes the connection. */
    @Test
    void aBodyStillArrivingAtTheDeadlineIsAnsweredAndItsConnectionClosed() {
        try (RawHttp http = RawHttp.connect(project.server.port())) {
            http.send(head("forged", "/v4/folders", "application/json", 1000, "") + "{\"name\":");
            Api.Response r = http.answer(); // the rest never comes; RawHttp gives up after 10 s of silence
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.headers().firstValue("Connection")).hasValue("close");
        }
    }

    /** A client that waits for "100 Continue" is answered at once, and is not asked for a body that is refused. */
    @Test
    void aRefusalDoesNotAskForTheBodyOfAClientWaitingToSendIt() {
        String key = key("{\"dir_scope\":[\"/uploads/*\"]}");
        try (RawHttp http = RawHttp.connect(project.server.port())) {
            Api.Response r = http.send(head(key, "/v4/files?folder=/private", "multipart/form-data; boundary=b", 1000,
                    "Expect: 100-continue\r\nConnection: close\r\n")).answer();
            assertError(r, 403, "FOLDER_NOT_ALLOWED");
        }
    }

    /** The head of a POST into the project; {@code extra}: more header lines, each ending in CRLF. */
    private String head(String key, String path, String contentType, long length, String extra) {
        return "POST /" + project.token + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filerobot-Key: " + key
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n" + extra + "\r\n";
    }

    @Test
    void aPartHeaderTooLongIsAMalformedBodyNotAFileTooBig() {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"files[]\"; filename=\"a.txt\"\r\n"
                + "X-Padding: " + "p".repeat(100_000) + "\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "hello\r\n--" + boundary + "--\r\n";
        Api.Response r = project.api.post("/v4/files?folder=/", "multipart/form-data; boundary=" + boundary,
                body.getBytes(StandardCharsets.UTF_8));
        assertError(r, 422, "ERR_UNPROCESSABLE_ENTITY");
        assertThat(r.json().path("msg").asText()).contains("multipart").doesNotContain("Exception").doesNotContain("java")
                .doesNotContain("jetty");
    }

    @Test
    void aBodyCutOffMidPartIsMalformedWithoutAClassName() {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"a.txt\"\r\n\r\nhalf a fi";
        Api.Response r = project.api.post("/v4/files?folder=/", "multipart/form-data; boundary=" + boundary,
                body.getBytes(StandardCharsets.UTF_8));
        assertError(r, 422, "ERR_UNPROCESSABLE_ENTITY");
        assertThat(r.json().path("msg").asText()).doesNotContain("Exception").doesNotContain("java").doesNotContain("jetty");
    }

    /**
     * A multipart POST over a plain socket. {@code expectContinue}: the body is sent only if the
     * server asks for it with {@code 100 Continue} (as curl does for large bodies), which it does
     * when it starts reading the body; a server that decides first answers without it.
     */
    private Api.Response post(String key, String path, Api.Multipart form, boolean expectContinue) throws IOException {
        byte[] body = form.body();
        try (Socket socket = new Socket("127.0.0.1", project.server.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write(("POST /" + project.token + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filerobot-Key: " + key
                    + "\r\nContent-Type: " + form.contentType() + "\r\nContent-Length: " + body.length
                    + (expectContinue ? "\r\nExpect: 100-continue" : "") + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            if (!expectContinue) out.write(body);
            out.flush();
            Map<String, String> head = readHead(in);
            if (head.get(":status").equals("100")) {
                out.write(body);
                out.flush();
                head = readHead(in);
            }
            byte[] content = head.containsKey("content-length")
                    ? in.readNBytes(Integer.parseInt(head.get("content-length"))) : in.readAllBytes();
            return new Api.Response(Integer.parseInt(head.get(":status")), HttpHeaders.of(Map.of(), (n, v) -> true), content);
        }
    }

    /** The status (as ":status") and headers (lower case) of one HTTP/1.1 response head. */
    private static Map<String, String> readHead(InputStream in) throws IOException {
        Map<String, String> head = new HashMap<>();
        String status = line(in);
        head.put(":status", status.split(" ")[1]);
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            head.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return head;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("connection closed mid-head");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    /** Watches a directory from another thread and keeps the largest total size of its files seen. */
    private static final class SpoolWatch implements AutoCloseable {
        private final Path dir;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        SpoolWatch(Path dir) {
            this.dir = dir;
            this.thread = new Thread(this::watch, "spool-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void watch() {
            while (running) {
                long total = 0;
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        try {
                            if (Files.isRegularFile(p)) total += Files.size(p);
                        } catch (IOException gone) {
                            // deleted between the listing and the size
                        }
                    }
                } catch (IOException | UncheckedIOException e) {
                    // a file vanished mid-walk: the next round counts again
                }
                peak = Math.max(peak, total);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long peak() {
            return peak;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
