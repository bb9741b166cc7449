package dev.assetgate.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.Permission;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Single-use upload policies over HTTP (docs/upload-policies.md): a key signs the terms of one upload,
 * a client with no key uploads once with the token in X-Filerobot-Upload-Policy. Every refusal stores
 * nothing and spends nothing (the same policy still works afterwards); the second use is refused, also
 * when many race for the first.
 */
@WithServer
class UploadPolicyTest {
    static final String HEADER = "X-Filerobot-Upload-Policy";
    static final byte[] PDF = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HTML = "<!DOCTYPE html><html><script>steal()</script></html>".getBytes(StandardCharsets.UTF_8);
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    static JsonNode sign(Api key, String json) {
        Api.Response r = key.postJson("/v4/upload-policies", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("upload_policy");
    }

    static String pdfPolicy(TestProject p) {
        return sign(p.api, "{\"path\":\"/incoming/report.pdf\",\"min_bytes\":10,\"max_bytes\":1000,\"allowed_types\":[\"application/pdf\"],"
                + "\"meta\":{\"source\":\"policy\"},\"tags\":[\"from-policy\"]}").path("token").asText();
    }

    /** A multipart upload with no key, the policy in its header (as a browser's fetch + FormData sends it). */
    static Api.Response upload(String token, String policy, String folder, String name, byte[] bytes, String... fields) {
        Api.Multipart form = new Api.Multipart().file("file", name, "application/octet-stream", bytes);
        for (int i = 0; i < fields.length; i += 2) form.field(fields[i], fields[i + 1]);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + token + "/v4/files?folder=" + folder))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()));
        if (policy != null) b.header(HEADER, policy);
        return Api.send(b);
    }

    static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    static List<String> files(TestProject p) {
        Api.Response r = p.api.get("/v5/files?folder=/&recursive=1&limit=5000");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("files").forEach(f -> out.add(f.path("name").asText()));
        return out;
    }

    @Test
    void oneUploadWithThePolicyIsStoredWithItsMetadataAndTagsAndTheSecondIsRefused(TestProject p) {
        String policy = pdfPolicy(p);
        Api.Response up = upload(p.token, policy, "/incoming", "report.pdf", PDF,
                "meta", "{\"source\":\"uploader\",\"note\":\"mine\"}", "tags[file]", "[\"extra\"]");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        JsonNode file = up.json().path("file");
        assertThat(file.path("type").asText()).isEqualTo("application/pdf");
        assertThat(file.path("meta").path("source").asText()).as("the policy's metadata wins").isEqualTo("policy");
        assertThat(file.path("meta").path("note").asText()).isEqualTo("mine");
        assertThat(file.path("tags").toString()).contains("from-policy").contains("extra");

        Api.Response again = upload(p.token, policy, "/incoming", "report.pdf", PDF);
        assertError(again, 409, "UPLOAD_POLICY_USED");
        assertThat(files(p)).containsExactly("report.pdf");
    }

    @Test
    void aFileOutsideThePolicyIsRefusedByTheUsualCodesNamingThePolicyAndSpendsNothing(TestProject p) {
        JsonNode signed = sign(p.api, "{\"path\":\"/incoming/report.pdf\",\"min_bytes\":10,\"max_bytes\":100,\"allowed_types\":[\"application/pdf\"]}");
        String policy = signed.path("token").asText();
        String id = signed.path("id").asText();
        Api.Response html = upload(p.token, policy, "/incoming", "report.pdf", HTML);
        assertError(html, 415, "FILE_TYPE_NOT_ALLOWED");
        assertThat(html.json().path("hint").asText()).contains("upload policy " + id);
        Api.Response big = upload(p.token, policy, "/incoming", "report.pdf", (new String(PDF, StandardCharsets.US_ASCII) + "x".repeat(200)).getBytes());
        assertError(big, 413, "FILE_TOO_BIG");
        assertThat(big.json().path("hint").asText()).contains("upload policy " + id);
        Api.Response small = upload(p.token, policy, "/incoming", "report.pdf", "%PDF-".getBytes());
        assertError(small, 400, "FILE_TOO_SMALL");
        assertThat(small.json().path("hint").asText()).contains("upload policy " + id);
        assertError(upload(p.token, policy, "/elsewhere", "report.pdf", PDF), 403, "FOLDER_NOT_ALLOWED");
        Api.Response otherName = upload(p.token, policy, "/incoming", "other.pdf", PDF);
        assertError(otherName, 403, "FOLDER_NOT_ALLOWED");
        assertThat(otherName.json().path("hint").asText()).contains("upload policy " + id);
        assertThat(files(p)).as("nothing stored").isEmpty();

        assertThat(upload(p.token, policy, "/incoming", "report.pdf", PDF).status()).as("the refusals spent nothing").isEqualTo(200);
    }

    @Test
    void aFolderPolicyAdmitsAnyNameBelowItsFolder(TestProject p) {
        String policy = sign(p.api, "{\"folder\":\"/drop\",\"max_bytes\":1000}").path("token").asText();
        assertError(upload(p.token, policy, "/", "x.txt", "hello".getBytes()), 403, "FOLDER_NOT_ALLOWED");
        Api.Response up = upload(p.token, policy, "/drop/sub", "x.txt", "hello".getBytes());
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
    }

    @Test
    void aTamperedForgedOrForeignPolicyIsInvalid(TestProject p) {
        String policy = pdfPolicy(p);
        String[] parts = policy.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        String widened = claims.replace("\"max_bytes\":1000", "\"max_bytes\":9999999");
        assertThat(widened).isNotEqualTo(claims);
        String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(widened.getBytes(StandardCharsets.UTF_8)) + "." + parts[3];
        assertError(upload(p.token, tampered, "/incoming", "report.pdf", PDF), 401, "UPLOAD_POLICY_INVALID");
        assertError(upload(p.token, policy.substring(0, policy.length() - 2) + "AA", "/incoming", "report.pdf", PDF), 401, "UPLOAD_POLICY_INVALID");
        assertError(upload(p.token, "UPOL__v1.garbage", "/incoming", "report.pdf", PDF), 401, "UPLOAD_POLICY_INVALID");
        TestProject other = TestProject.create(server);
        assertError(upload(other.token, policy, "/incoming", "report.pdf", PDF), 401, "UPLOAD_POLICY_INVALID");
        assertThat(files(p)).isEmpty();
        assertThat(files(other)).isEmpty();
    }

    @Test
    void anExpiredPolicyIsRefused(TestProject p) {
        String policy = sign(p.api, "{\"folder\":\"/drop\",\"max_bytes\":1000,\"expires_in\":60}").path("token").asText();
        server.clock.advance(Duration.ofSeconds(61));
        assertError(upload(p.token, policy, "/drop", "x.txt", "hello".getBytes()), 401, "UPLOAD_POLICY_EXPIRED");
        assertThat(files(p)).isEmpty();
    }

    @Test
    void theHourlySweepForgetsAUseOnlyAnHourAfterItsPolicyExpiredAndTheExpiredPolicyStaysRefused(TestProject p) {
        String early = sign(p.api, "{\"folder\":\"/drop\",\"max_bytes\":1000,\"expires_in\":60}").path("token").asText();
        assertThat(upload(p.token, early, "/drop", "a.txt", "hello".getBytes()).status()).isEqualTo(200);
        server.app.uploadPolicies.sweep(); // whatever other tests left eligible goes now
        server.clock.advance(Duration.ofMinutes(30));
        assertThat(server.app.uploadPolicies.sweep()).as("expired less than an hour ago: kept").isZero();
        String late = sign(p.api, "{\"folder\":\"/drop\",\"max_bytes\":1000,\"expires_in\":3600}").path("token").asText();
        assertThat(upload(p.token, late, "/drop", "b.txt", "hello".getBytes()).status()).isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(32)); // the early one expired over an hour ago, the late one not yet
        assertThat(server.app.uploadPolicies.sweep()).as("the early policy's use").isEqualTo(1);

        assertError(upload(p.token, early, "/drop", "c.txt", "hello".getBytes()), 401, "UPLOAD_POLICY_EXPIRED");
        assertError(upload(p.token, late, "/drop", "d.txt", "hello".getBytes()), 409, "UPLOAD_POLICY_USED");
        assertThat(files(p)).containsExactlyInAnyOrder("a.txt", "b.txt");
    }

    @Test
    void aPolicyDiesWithItsSigningKey(TestProject p) {
        Api signer = server.keyFor(List.of(p.token), Permission.FILE_UPLOAD);
        String first = sign(signer.in(p.token), "{\"folder\":\"/drop\",\"max_bytes\":1000}").path("token").asText();
        String second = sign(signer.in(p.token), "{\"folder\":\"/drop\",\"max_bytes\":1000}").path("token").asText();
        assertThat(p.admin.patchJson("/admin/v1/keys/" + signer.keyId, "{\"active\":false}").status()).isEqualTo(200);
        assertError(upload(p.token, first, "/drop", "x.txt", "hello".getBytes()), 401, "UPLOAD_POLICY_INVALID");
        assertThat(p.admin.patchJson("/admin/v1/keys/" + signer.keyId, "{\"active\":true}").status()).isEqualTo(200);
        assertThat(upload(p.token, first, "/drop", "x.txt", "hello".getBytes()).status()).isEqualTo(200);
        assertThat(p.admin.delete("/admin/v1/keys/" + signer.keyId).status()).isEqualTo(200);
        assertError(upload(p.token, second, "/drop", "y.txt", "hello".getBytes()), 401, "UPLOAD_POLICY_INVALID");
    }

    @Test
    void onlyAnApiKeyHoldingUploadSignsAndAPolicyDoesNothingButItsUpload(TestProject p) {
        Api reader = server.keyFor(List.of(p.token), Permission.OBJECTS_LIST).in(p.token);
        Api.Response refused = reader.postJson("/v4/upload-policies", "{\"folder\":\"/drop\",\"max_bytes\":1000}");
        assertError(refused, 403, "PERMISSION_DENIED");
        Api sass = p.sass("{\"permissions\":[\"FILE_UPLOAD\"]}");
        assertError(sass.postJson("/v4/upload-policies", "{\"folder\":\"/drop\",\"max_bytes\":1000}"), 403, "PERMISSION_DENIED");
        assertError(p.api.postJson("/v4/upload-policies", "{\"folder\":\"/drop\",\"max_bytes\":1000,\"expires_in\":999999}"), 400, "INVALID_PARAMETER");
        assertError(p.api.postJson("/v4/upload-policies", "{\"folder\":\"/drop\"}"), 400, "INVALID_PARAMETER");
        assertError(p.api.postJson("/v4/upload-policies", "{\"path\":\"/a.txt\",\"folder\":\"/drop\",\"max_bytes\":1}"), 400, "INVALID_PARAMETER");

        String policy = sign(p.api, "{\"folder\":\"/drop\",\"max_bytes\":1000}").path("token").asText();
        Api.Response list = Api.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + p.token + "/v4/files?folder=/drop"))
                .header(HEADER, policy).GET());
        assertError(list, 403, "PERMISSION_DENIED");
        for (String open : List.of("/v4/tags", "/v4/filters", "/v4/settings", "/v4/attributes/keys")) {
            Api.Response r = Api.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + p.token + open)).header(HEADER, policy).GET());
            assertError(r, 403, "PERMISSION_DENIED");
        }
        Api.Response signAgain = Api.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + p.token + "/v4/upload-policies"))
                .header(HEADER, policy).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"folder\":\"/\",\"max_bytes\":99999}")));
        assertError(signAgain, 403, "PERMISSION_DENIED");
    }

    @Test
    void ofManyParallelUsesExactlyOneSucceeds(TestProject p) throws Exception {
        String policy = sign(p.api, "{\"folder\":\"/race\",\"max_bytes\":100000}").path("token").asText();
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String name = "f" + i + ".txt";
                Callable<Api.Response> use = () -> {
                    go.await();
                    return upload(p.token, policy, "/race", name, ("file " + name).repeat(500).getBytes());
                };
                answers.add(pool.submit(use));
            }
            go.countDown();
            int ok = 0;
            for (Future<Api.Response> f : answers) {
                Api.Response r = f.get();
                if (r.status() == 200) ok++;
                else assertError(r, 409, "UPLOAD_POLICY_USED");
            }
            assertThat(ok).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(files(p)).hasSize(1);
    }

    @Test
    void aBrowserOnAnotherOriginMayPreflightAndReadTheAnswer(TestProject p) {
        Api.Response pre = Api.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + p.token + "/v4/files?folder=/drop"))
                .header("Origin", "https://uploader.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-filerobot-upload-policy")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(pre.status()).as(pre.toString()).isLessThan(300);
        assertThat(pre.header("Access-Control-Allow-Headers")).containsIgnoringCase("x-filerobot-upload-policy");
        String policy = sign(p.api, "{\"folder\":\"/drop\",\"max_bytes\":1000}").path("token").asText();
        Api.Multipart form = new Api.Multipart().file("file", "x.txt", "text/plain", "hi".getBytes());
        Api.Response up = Api.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + p.token + "/v4/files?folder=/drop"))
                .header("Origin", "https://uploader.example").header(HEADER, policy).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        assertThat(up.header("Access-Control-Allow-Origin")).isNotNull();
    }

    @Test
    void signingAndUseAreInTheAuditTrailWithTheSignerAndThePolicy(TestProject p) {
        JsonNode signed = sign(p.api, "{\"folder\":\"/drop\",\"max_bytes\":1000}");
        String id = signed.path("id").asText();
        assertThat(upload(p.token, signed.path("token").asText(), "/drop", "x.txt", "hello".getBytes()).status()).isEqualTo(200);
        server.app.audit.flush();
        String trail = p.admin.get("/admin/v1/audit?project=" + p.token + "&limit=100").text();
        JsonNode events = p.admin.get("/admin/v1/audit?project=" + p.token + "&limit=100").json().path("events");
        List<String> seen = new ArrayList<>();
        events.forEach(e -> {
            if (e.toString().contains(id)) seen.add(e.path("kind").asText() + " " + e.path("key_id").asText());
        });
        assertThat(seen).as(trail).contains("upload_policy.signed " + p.api.keyId, "upload_policy.used " + p.api.keyId);
        assertThat(trail).doesNotContain(signed.path("token").asText());
    }
}
