package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetgate.support.Api;
import dev.assetgate.support.Cli;
import dev.assetgate.support.ServerProcess;
import dev.assetgate.support.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer meets first, on a real `serve` process: the start banner, one access-log line per
 * request that never holds a secret, `GET /` leading to the console, a busy port said in one line,
 * and an error hint that names the real cause.
 */
class FirstContactTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dataDir;
    private static ServerProcess server;
    private static String secret;
    private static String keyId;
    private static String templateId;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("assetgate-first-contact");
        assertThat(Cli.run(dataDir, "project", "create", "demo").exit()).isZero();
        JsonNode key = JSON.readTree(Cli.run(dataDir, "key", "create", "--projects", "demo", "--permissions", "all",
                "--description", "first contact", "--json").lastLine());
        secret = key.path("secret").asText();
        keyId = key.path("id").asText();
        Path template = dataDir.resolve("template.json");
        Files.writeString(template, "{\"description\":\"browser\",\"permissions\":[\"OBJECTS_LIST\"]}");
        templateId = Cli.run(dataDir, "template", "create", "--project", "demo", "--file", template.toString()).lastLine();
        server = ServerProcess.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        TestServer.dropCatalog(dataDir); // under postgres, this directory's schema
    }

    @Test
    void theBannerNamesTheApiConsoleAndHealthUrls() throws Exception {
        String base = server.baseUrl();
        String log = awaitLog(server, base + "/health");
        assertThat(log).contains("API      " + base + "/{project}/v5/").contains("Console  " + base + "/console/")
                .contains("Health   " + base + "/health").contains("data in " + dataDir.toRealPath());
        assertThat(log).as("Javalin's own start-up lines are replaced by the banner").doesNotContain("Javalin started");
    }

    @Test
    void everyRequestIsOneAccessLogLineWithItsKeyIdAndNeverASecret() throws Exception {
        Api api = new Api(server.baseUrl(), secret).in("demo");
        assertThat(api.upload("/docs", "a.txt", "a").status()).isEqualTo(200);
        assertThat(api.get("/v5/files?folder=/docs&sort=name:asc").status()).isEqualTo(200);
        Api anonymous = new Api(server.baseUrl(), null);
        Api.Response exchanged = anonymous.get("/demo/key/" + templateId);
        assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(200);
        String sass = exchanged.json().path("key").asText();
        Api.Response info = anonymous.get("/demo/v4/key/info?key=" + Api.enc(sass));
        assertThat(info.status()).as(info.toString()).isEqualTo(200);
        String sassKeyId = info.json().path("key_id").asText();
        assertThat(new Api(server.baseUrl(), sass).in("demo").get("/v5/files?folder=/").status()).isEqualTo(200);
        // secrets in the query: a key, a delivery signature, a share password
        assertThat(anonymous.get("/demo/v4/key/info?key=" + secret).status()).isEqualTo(401);
        anonymous.get("/demo/v4/get/00000000-0000-0000-0000-000000000000?expires=1&signature=c2lnbmF0dXJl");
        anonymous.get("/demo/s/nosuchshare?password=hunter2");
        assertThat(new Api(server.baseUrl(), "agsk_" + "0".repeat(64)).in("demo").get("/v5/files").status()).isEqualTo(401);

        String log = awaitLog(server, "/demo/s/nosuchshare?password=***");
        List<String> lines = log.lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("\\S+Z POST /demo/v4/files\\?folder=%2Fdocs 200 \\d+\\.\\dms key=" + keyId + " ip=127\\.0\\.0\\.1 id=[0-9a-f]{32}"));
        assertThat(lines).anyMatch(l -> l.matches("\\S+Z GET /demo/v5/files\\?folder=/docs&sort=name:asc 200 \\d+\\.\\dms key=" + keyId + " ip=127\\.0\\.0\\.1 id=[0-9a-f]{32}"));
        assertThat(lines).anyMatch(l -> l.matches("\\S+Z GET /demo/v5/files\\?folder=/ 200 \\d+\\.\\dms key=" + sassKeyId + " ip=127\\.0\\.0\\.1 id=[0-9a-f]{32}"));
        assertThat(lines).anyMatch(l -> l.matches("\\S+Z GET /demo/v4/key/info\\?key=\\*\\*\\* 401 \\d+\\.\\dms key=- ip=127\\.0\\.0\\.1 id=[0-9a-f]{32}"));
        assertThat(lines).anyMatch(l -> l.contains(" GET /demo/v4/get/00000000-0000-0000-0000-000000000000?expires=1&signature=*** "));
        assertThat(lines).as("a refused key has no id").anyMatch(l -> l.matches("\\S+Z GET /demo/v5/files 401 \\S+ key=- ip=127\\.0\\.0\\.1 id=[0-9a-f]{32}"));
        assertThat(log).doesNotContain(secret).doesNotContain(secret.substring(5, 21)).doesNotContain(sass)
                .doesNotContain("c2lnbmF0dXJl").doesNotContain("hunter2").doesNotContain("0".repeat(64));
    }

    @Test
    void theJsonAccessLogIsOneObjectPerLine() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-json-log");
        try (ServerProcess json = ServerProcess.start(dir, Map.of("ASSETGATE_ACCESS_LOG", "json"))) {
            new Api(json.baseUrl(), secret).get("/nosuch/v5/files?folder=/x&key=" + secret);
            JsonNode line = JSON.readTree(awaitLog(json, "\"path\":\"/nosuch/v5/files?").lines()
                    .filter(l -> l.contains("\"path\":\"/nosuch/v5/files?")).findFirst().orElseThrow());
            assertThat(line.path("method").asText()).isEqualTo("GET");
            assertThat(line.path("path").asText()).isEqualTo("/nosuch/v5/files?folder=/x&key=***");
            assertThat(line.path("status").asInt()).isEqualTo(401);
            assertThat(line.path("ms").isNumber()).isTrue();
            assertThat(line.path("key").isNull()).as("the key is unknown to this server").isTrue();
            assertThat(line.path("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(line.path("request_id").asText()).as("the id the answer carried").matches("[0-9a-f]{32}");
            assertThat(Instant.parse(line.path("time").asText())).isBefore(Instant.now().plusSeconds(1));
        } finally {
            TestServer.dropCatalog(dir);
        }
    }

    @Test
    void theServerRootLeadsToTheConsole() {
        Api.Response root = new Api(server.baseUrl(), null).get("/");
        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("Location")).isEqualTo("/console/");
        Api.Response console = new Api(server.baseUrl(), null).get("/console/");
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.header("Content-Type")).startsWith("text/html");
    }

    @Test
    void aBusyPortIsOneLineNamingThePortAndTheOptionAndCreatesNothing() throws Exception {
        Path folder = Files.createTempDirectory("assetgate-busy-port");
        try (ServerSocket taken = new ServerSocket(0)) {
            String port = Integer.toString(taken.getLocalPort());
            Cli.Run run = Cli.process(folder, Map.of(), "serve", "--port", port);
            assertThat(run.exit()).isEqualTo(1);
            List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as(run.err()).hasSize(1);
            assertThat(lines.get(0)).contains(":" + port).contains("--port").contains("ASSETGATE_PORT");
            assertThat(run.out()).isEmpty();
        }
        try (var left = Files.list(folder)) {
            assertThat(left).as("no data directory made for a server that did not start").isEmpty();
        }
    }

    @Test
    void aUrlUploadWhoseHostDoesNotResolveSaysSoRatherThanBlamingPrivateAddresses() {
        Api.Response r = new Api(server.baseUrl(), secret).in("demo")
                .postJson("/v4/files?folder=/img", "{\"files_urls\":[{\"url\":\"https://no-such-host.invalid/logo.png\"}]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("UPLOAD_URL_REFUSED");
        assertThat(r.json().path("msg").asText()).contains("no-such-host.invalid");
        assertThat(r.json().path("hint").asText()).contains("did not resolve").doesNotContain("public addresses");
    }

    /** The server's output once it holds {@code expected} (a log line is written just after its response). */
    private static String awaitLog(ServerProcess process, String expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        String log = Files.readString(process.log());
        while (!log.contains(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            log = Files.readString(process.log());
        }
        return log;
    }
}
