package dev.assetgate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks, end to end against a real receiver in the test JVM: endpoints and the events they want,
 * signed deliveries, retries with backoff in order per file, giving up, redelivery, and the SSRF rules
 * of URL uploads on the target (only 127.0.0.1 is allowed, by the operator setting the tests turn on).
 */
@WithServer
@ServerSetting(key = Setting.WEBHOOK_ALLOW, value = "127.0.0.1/32")
@ServerSetting(key = Setting.WEBHOOK_POLL_MILLIS, value = "100")
@ServerSetting(key = Setting.WEBHOOK_RETRY_BASE_SECONDS, value = "1")
@ServerSetting(key = Setting.WEBHOOK_MAX_ATTEMPTS, value = "3")
class WebhooksTest {
    static TestServer server;
    WebhookReceiver receiver;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void receive() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r.json();
    }

    private static String base(TestProject project) {
        return "/admin/v1/projects/" + project.token + "/webhooks";
    }

    private JsonNode create(TestProject project, String events) {
        return ok(project.admin.postJson(base(project), "{\"url\":\"" + receiver.url("/hook") + "\",\"events\":" + events + "}"));
    }

    private static List<String> kinds(List<WebhookReceiver.Received> received) {
        return received.stream().map(WebhookReceiver.Received::eventHeader).toList();
    }

    @Test
    void anEndpointReceivesSignedEventsOfTheKindsItWants(TestProject project) throws Exception {
        JsonNode created = create(project, "[\"file.created\",\"file.renamed\"]");
        String secret = created.path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(ok(project.admin.get(base(project) + "/" + created.path("webhook").path("uuid").asText())).toString())
                .doesNotContain(secret);

        String uuid = ok(project.api.upload("/", "a.txt", "alpha")).path("file").path("uuid").asText();
        ok(project.api.patchJson("/v5/file/" + uuid + "/meta", "{\"meta\":{\"color\":\"blue\"}}"));
        ok(project.api.patchJson("/v4/files/" + uuid, "{\"name\":\"b.txt\"}"));

        List<WebhookReceiver.Received> got = receiver.await("two deliveries", r -> r.size() >= 2);
        assertThat(kinds(got)).containsExactly("file.created", "file.renamed");
        for (WebhookReceiver.Received r : got) {
            String[] parts = r.signature().split(",");
            assertThat(parts[0]).startsWith("t=");
            long t = Long.parseLong(parts[0].substring(2));
            assertThat(Math.abs(server.clock.instant().getEpochSecond() - t)).as("signed just now").isLessThan(300);
            assertThat(r.signature()).as("HMAC-SHA256 over t.body with the secret").isEqualTo(WebhookSigner.sign(secret, t, r.body()));
            assertThat(WebhookSigner.sign(secret + "x", t, r.body())).isNotEqualTo(r.signature());
            assertThat(r.json().path("item").path("uuid").asText()).isEqualTo(uuid);
            assertThat(r.json().path("id").asText()).isEqualTo(r.eventId());
            assertThat(r.json().path("project").asText()).isEqualTo(project.token);
        }
        assertThat(got.get(1).json().path("after").path("name").asText()).isEqualTo("b.txt");
        Thread.sleep(500);
        assertThat(receiver.received()).as("file.meta_changed was not wanted").hasSize(2);
    }

    @Test
    void aFilesProductChangeReachesEndpointsWantingItsKindOrEveryFileEvent(TestProject project) throws Exception {
        create(project, "[\"file.product_changed\"]");
        ok(project.admin.postJson(base(project), "{\"url\":\"" + receiver.url("/every-file") + "\",\"events\":[\"file\"]}"));
        String uuid = ok(project.api.upload("/", "a.txt", "alpha")).path("file").path("uuid").asText();
        ok(project.api.putJson("/v5/file/" + uuid + "/product", "{\"product\":{\"ref\":\"SKU-1\",\"position\":2}}"));

        List<WebhookReceiver.Received> got = receiver.await("three deliveries", r -> r.size() >= 3);
        assertThat(kinds(got)).containsExactlyInAnyOrder("file.created", "file.product_changed", "file.product_changed");
        for (WebhookReceiver.Received r : got.stream().filter(x -> x.eventHeader().equals("file.product_changed")).toList()) {
            assertThat(r.json().path("item").path("uuid").asText()).isEqualTo(uuid);
            assertThat(r.json().path("before").toString()).isEqualTo("{\"product\":null}");
            assertThat(r.json().path("after").toString()).isEqualTo("{\"product\":{\"ref\":\"SKU-1\",\"position\":2}}");
        }
    }

    @Test
    void privateTargetsAreRefusedWithTheEnvelopeAndNothingIsCreated(TestProject project) {
        for (String url : List.of("http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://127.0.0.2:9/x",
                "http://[::1]/x", "http://user:pw@127.0.0.1/x", "ftp://example.com/x", "not a url")) {
            Api.Response r = project.admin.postJson(base(project), "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");
            assertThat(r.status()).as(url).isEqualTo(422);
            assertThat(r.code()).as(url).isEqualTo("WEBHOOK_URL_REFUSED");
        }
        for (String body : List.of("{\"url\":\"" + receiver.url("/") + "\"}", "{\"url\":\"" + receiver.url("/") + "\",\"events\":[\"FILE\"]}",
                "{\"url\":\"" + receiver.url("/") + "\",\"events\":\"*\"}", "{\"url\":\"" + receiver.url("/") + "\",\"events\":[\"*\"],\"secret\":\"x\"}",
                "{\"events\":[\"*\"]}")) {
            assertThat(project.admin.postJson(base(project), body).code()).as(body).isEqualTo("INVALID_PARAMETER");
        }
        assertThat(ok(project.admin.get(base(project))).path("webhooks")).isEmpty();
    }

    @Test
    void failedAttemptsAreRetriedWithBackoffAndAFilesEventsArriveInOrder(TestProject project) throws Exception {
        String hook = create(project, "[\"file\"]").path("webhook").path("uuid").asText();
        receiver.failNext.set(2);
        String uuid = ok(project.api.upload("/", "a.txt", "alpha")).path("file").path("uuid").asText();
        ok(project.api.patchJson("/v4/files/" + uuid, "{\"name\":\"b.txt\"}"));
        ok(project.api.patchJson("/v4/files/" + uuid, "{\"name\":\"c.txt\"}"));

        List<WebhookReceiver.Received> got = receiver.await("three events delivered", r -> r.stream().filter(x -> x.answered() == 200).count() >= 3);
        assertThat(kinds(got)).containsExactly("file.created", "file.created", "file.created", "file.renamed", "file.renamed");
        assertThat(got.get(3).json().path("after").path("name").asText()).isEqualTo("b.txt");
        assertThat(got.get(4).json().path("after").path("name").asText()).isEqualTo("c.txt");
        assertThat(got.get(0).eventId()).isEqualTo(got.get(2).eventId());

        List<JsonNode> log = new ArrayList<>();
        ok(project.admin.get(base(project) + "/" + hook + "/deliveries")).path("deliveries").forEach(log::add);
        assertThat(log).hasSize(3);
        JsonNode first = log.get(2); // newest first
        assertThat(first.path("kind").asText()).isEqualTo("file.created");
        assertThat(first.path("status").asText()).isEqualTo("delivered");
        assertThat(first.path("attempts").asInt()).isEqualTo(3);
        assertThat(first.path("last_status").asInt()).isEqualTo(200);
    }

    @Test
    void aDeliveryThatKeepsFailingIsGivenUpThenSentAgainOnRequest(TestProject project) throws Exception {
        String hook = create(project, "[\"file\"]").path("webhook").path("uuid").asText();
        receiver.failNext.set(1000);
        String uuid = ok(project.api.upload("/", "a.txt", "alpha")).path("file").path("uuid").asText();
        JsonNode delivery = null;
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            server.clock.advance(Duration.ofMinutes(5)); // every retry is due at once
            delivery = ok(project.admin.get(base(project) + "/" + hook + "/deliveries")).path("deliveries").path(0);
            if (delivery.path("status").asText().equals("failed")) break;
            Thread.sleep(100);
        }
        assertThat(delivery.path("status").asText()).isEqualTo("failed");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.path("last_status").asInt()).isEqualTo(500);
        assertThat(receiver.received()).hasSize(3);

        receiver.failNext.set(0);
        ok(project.api.patchJson("/v4/files/" + uuid, "{\"name\":\"b.txt\"}"));
        receiver.await("the next event of the file, not held back by the failed one", r -> r.stream().anyMatch(x -> x.answered() == 200));
        Api.Response again = project.admin.postJson(base(project) + "/" + hook + "/deliveries/" + delivery.path("id").asLong() + "/redeliver", "{}");
        assertThat(ok(again).path("delivery").path("status").asText()).isEqualTo("pending");
        String eventId = delivery.path("event_id").asText();
        receiver.await("the redelivery", r -> r.stream().anyMatch(x -> x.answered() == 200 && x.eventId().equals(eventId)));

        assertThat(project.admin.postJson(base(project) + "/" + hook + "/deliveries/999999/redeliver", "{}").code())
                .isEqualTo("WEBHOOK_DELIVERY_NOT_FOUND");
        assertThat(project.admin.get(base(project) + "/nope/deliveries").code()).isEqualTo("WEBHOOK_NOT_FOUND");
    }

    @Test
    void anEndpointCanBeChangedPausedRotatedAndDeleted(TestProject project) throws Exception {
        JsonNode created = create(project, "[\"folder\"]");
        String hook = created.path("webhook").path("uuid").asText();
        JsonNode paused = ok(project.admin.patchJson(base(project) + "/" + hook, "{\"active\":false,\"events\":[\"file.created\"]}"));
        assertThat(paused.path("webhook").path("active").asBoolean()).isFalse();
        assertThat(paused.has("secret")).isFalse();
        ok(project.api.upload("/", "quiet.txt", "q"));
        Thread.sleep(500);
        assertThat(receiver.received()).as("a paused endpoint gets nothing").isEmpty();

        JsonNode rotated = ok(project.admin.patchJson(base(project) + "/" + hook, "{\"active\":true,\"rotate_secret\":true}"));
        String secret = rotated.path("secret").asText();
        assertThat(secret).startsWith("whsec_").isNotEqualTo(created.path("secret").asText());
        ok(project.api.upload("/", "loud.txt", "l"));
        WebhookReceiver.Received got = receiver.await("a delivery", r -> !r.isEmpty()).get(0);
        long t = Long.parseLong(got.signature().split(",")[0].substring(2));
        assertThat(got.signature()).isEqualTo(WebhookSigner.sign(secret, t, got.body()));

        assertThat(project.admin.patchJson(base(project) + "/" + hook, "{\"url\":\"http://192.168.1.1/\"}").code()).isEqualTo("WEBHOOK_URL_REFUSED");
        ok(project.admin.delete(base(project) + "/" + hook));
        assertThat(project.admin.get(base(project) + "/" + hook).code()).isEqualTo("WEBHOOK_NOT_FOUND");
        assertThat(project.admin.delete(base(project) + "/" + hook).code()).isEqualTo("WEBHOOK_NOT_FOUND");
    }

    @Test
    void onlyAKeyHoldingConfigPermissionsOfTheProjectManagesItsWebhooks(TestProject project) {
        String body = "{\"url\":\"" + receiver.url("/hook") + "\",\"events\":[\"*\"]}";
        Api lister = server.keyFor(List.of(project.token), dev.assetgate.access.Permission.CONFIG_LIST);
        assertThat(lister.postJson(base(project), body).code()).isEqualTo("PERMISSION_DENIED");
        assertThat(ok(lister.get(base(project))).path("webhooks")).isEmpty();
        Api stranger = server.allKey(TestProject.create(server).token);
        assertThat(stranger.postJson(base(project), body).code()).isEqualTo("PROJECT_NOT_ALLOWED");
        Api sass = project.sass("{\"permissions\":[\"OBJECTS_LIST\"]}");
        assertThat(new Api(sass.base, sass.key).postJson(base(project), body).code()).isEqualTo("PERMISSION_DENIED");
        assertThat(ok(project.admin.get(base(project))).path("webhooks")).isEmpty();
    }

    @Test
    void aTargetIsCheckedAgainAtEveryDelivery() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("assetgate-webhook-ssrf");
        Map<Setting, String> quick = Map.of(Setting.WEBHOOK_POLL_MILLIS, "100", Setting.WEBHOOK_MAX_ATTEMPTS, "1");
        Map<Setting, String> allowing = new java.util.HashMap<>(quick);
        allowing.put(Setting.WEBHOOK_ALLOW, "127.0.0.1/32");
        TestServer first = TestServer.startIn(dir, allowing);
        first.createProject("ssrf");
        Api admin = first.allKey("ssrf");
        String hook = ok(admin.postJson("/admin/v1/projects/ssrf/webhooks", "{\"url\":\"" + receiver.url("/hook") + "\",\"events\":[\"file\"]}"))
                .path("webhook").path("uuid").asText();
        first.closeKeepingData();
        // the operator takes the loopback allowance away: what was created with it is refused as it is sent
        try (TestServer second = TestServer.startIn(dir, quick)) {
            if (first.bucket != null && !first.bucket.equals(second.bucket)) dev.assetgate.support.S3TestServer.shared().dropBucket(first.bucket);
            Api again = second.withKey(admin.key);
            ok(again.in("ssrf").upload("/", "a.txt", "alpha"));
            JsonNode delivery = null;
            Instant deadline = Instant.now().plusSeconds(20);
            while (Instant.now().isBefore(deadline)) {
                delivery = ok(again.get("/admin/v1/projects/ssrf/webhooks/" + hook + "/deliveries")).path("deliveries").path(0);
                if (delivery.path("status").asText().equals("failed")) break;
                Thread.sleep(100);
            }
            assertThat(delivery.path("status").asText()).isEqualTo("failed");
            assertThat(delivery.path("last_error").asText()).contains("internal address");
            assertThat(delivery.path("last_status").isNull()).isTrue();
            assertThat(receiver.received()).as("nothing reached the loopback receiver").isEmpty();
        }
    }
}
