package dev.assetgate.console;

import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.support.Api;
import dev.assetgate.support.Browser;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit trail over HTTP: management actions, sign-ins and refusals are recorded with who, what
 * and from where (never a secret); GET /admin/v1/audit filters and pages them and shows a key only
 * the projects it reaches; /audit/stats counts requests and refusals per minute.
 */
@WithServer
class AuditTrailTest {
    static TestServer server;
    static int projects;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    static List<JsonNode> events(Api key, String query) {
        Api.Response r = key.get("/admin/v1/audit" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().path("events").forEach(out::add);
        return out;
    }

    static JsonNode only(Api key, String query) {
        List<JsonNode> found = events(key, query);
        assertThat(found).as(query).hasSize(1);
        return found.get(0);
    }

    static List<String> kinds(List<JsonNode> events) {
        return events.stream().map(e -> e.path("kind").asText()).toList();
    }

    @Test
    void managementActionsAreRecordedWithWhoWhatAndWhere() {
        Api company = server.companyKey();
        String token = "au-made-" + (++projects);
        assertThat(company.postJson("/admin/v1/projects", "{\"token\":\"" + token + "\"}").status()).isEqualTo(201);
        assertThat(company.patchJson("/admin/v1/projects/" + token, "{\"name\":\"Renamed\"}").status()).isEqualTo(200);
        Api.Response made = company.postJson("/admin/v1/keys",
                "{\"description\":\"console key\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\"" + token + "\"]}");
        String secret = made.json().path("key").path("secret").asText();
        String made_id = made.json().path("key").path("id").asText();
        assertThat(company.patchJson("/admin/v1/keys/" + made_id, "{\"active\":false}").status()).isEqualTo(200);
        assertThat(company.delete("/admin/v1/keys/" + made_id).status()).isEqualTo(200);
        String base = "/admin/v1/projects/" + token + "/security-templates";
        String template = company.postJson(base, "{\"permissions\":[\"OBJECTS_LIST\"]}").json().path("security_template").path("id").asText();
        Api.Response patched = company.patchJson(base + "/" + template, "{\"description\":\"changed\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode minted = server.anonymous.get("/" + token + "/key/" + template).json();
        String sassKey = minted.path("key").asText();
        String sassId = minted.path("key_id").asText();
        assertThat(company.delete("/admin/v1/projects/" + token + "/sass-keys/" + sassId).status()).isEqualTo(200);
        assertThat(company.delete(base + "/" + template).status()).isEqualTo(200);

        List<JsonNode> trail = events(company, "?project=" + token);
        assertThat(only(company, "?project=" + token + "&kind=sass_key.revoked").path("sass_key_id").asText()).isEqualTo(sassId);
        assertThat(kinds(trail)).contains("project.created", "project.updated", "key.created", "key.updated", "key.deleted",
                "template.created", "template.updated", "template.deleted", "sass_key.revoked");
        for (JsonNode e : trail) {
            if (e.path("kind").asText().equals("sass_key.minted")) continue; // by the anonymous exchange (KeyLifecycleTest)
            assertThat(e.path("key_id").asText()).as("the acting key").isEqualTo(company.keyId);
            assertThat(e.path("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(e.path("project").asText()).isEqualTo(token);
            assertThat(e.path("method").asText()).isNotEmpty();
            assertThat(e.path("path").asText()).startsWith("/admin/v1/");
            assertThat(e.path("id").asText()).isNotEmpty();
            assertThat(Instant.parse(e.path("at").asText())).isBefore(Instant.now().plusSeconds(1));
        }
        JsonNode created = only(company, "?project=" + token + "&kind=key.created");
        assertThat(created.path("detail").path("subject_key_id").asText()).isEqualTo(made_id);
        assertThat(created.path("detail").path("permissions").get(0).asText()).isEqualTo("OBJECTS_LIST");
        assertThat(only(company, "?project=" + token + "&kind=key.updated").path("detail").path("changed").get(0).asText()).isEqualTo("active");
        assertThat(only(company, "?project=" + token + "&kind=template.created").path("template_id").asText()).isEqualTo(template);
        String whole = company.get("/admin/v1/audit?limit=500").text();
        assertThat(whole).doesNotContain(secret).doesNotContain(company.key).doesNotContain(sassKey);

        assertThat(company.delete("/admin/v1/projects/" + token).status()).isEqualTo(200);
        assertThat(kinds(events(company, "?project=" + token + "&kind=project"))).as("events outlive their project")
                .contains("project.deleted", "project.updated", "project.created");
    }

    @Test
    void signInsSignOutsAndRefusedSignInsAreRecorded() {
        String token = server.createProject();
        Api key = server.key(false, List.of(token), PermissionSet.of(CONFIG_LIST), null);
        Browser b = Browser.signedIn(server.baseUrl(), key.key);
        assertThat(b.write("DELETE", "/admin/v1/session", null).status()).isEqualTo(200);
        Api noConfig = server.keyFor(List.of(token), OBJECTS_LIST);
        assertThat(new Browser(server.baseUrl()).signIn(noConfig.key).status()).isEqualTo(403);
        assertThat(new Browser(server.baseUrl()).signIn("agsk_" + "1".repeat(64)).status()).isEqualTo(401);

        List<JsonNode> sessions = events(key, "?kind=session");
        assertThat(kinds(sessions)).containsExactlyInAnyOrder("session.signed_in", "session.signed_out", "session.refused");
        JsonNode in = only(key, "?kind=session.signed_in");
        assertThat(in.path("key_id").asText()).isEqualTo(key.keyId);
        assertThat(in.path("detail").path("read_only").asBoolean()).isTrue();
        JsonNode refused = only(key, "?kind=session.refused");
        assertThat(refused.path("key_id").asText()).isEqualTo(noConfig.keyId);
        assertThat(refused.path("rule").asText()).isEqualTo("PERMISSION_DENIED");
        // the unknown key belongs to no project: company-level, for company-wide keys
        List<JsonNode> companyLevel = events(server.companyKey(CONFIG_LIST), "?kind=session.refused&limit=500");
        assertThat(companyLevel).anySatisfy(e -> {
            assertThat(e.path("rule").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(e.path("key_id").isNull()).isTrue();
            assertThat(e.path("project").isNull()).isTrue();
        });
        assertThat(server.companyKey(CONFIG_LIST).get("/admin/v1/audit?limit=500").text()).doesNotContain("1".repeat(64));
    }

    @Test
    void refusalsNameTheKeyOrTemplateTheRuleAndTheAddress() {
        String token = server.createProject();
        Api admin = server.allKey(token);
        Api reader = server.keyFor(List.of(token), OBJECTS_LIST).in(token);
        assertThat(reader.upload("/", "x.txt", "x").status()).isEqualTo(403);
        assertThat(server.withKey("agsk_" + "2".repeat(64)).in(token).get("/v5/files?folder=/").status()).isEqualTo(401);
        Api sass = SassKeys.mint(server, admin, token, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        assertThat(sass.upload("/", "y.txt", "y").status()).isEqualTo(403);
        Browser b = Browser.signedIn(server.baseUrl(), admin.key);
        assertThat(b.writeWithoutCsrf("POST", "/" + token + "/v5/folders", "{\"name\":\"/f\"}").status()).isEqualTo(403);

        List<JsonNode> refusals = events(admin, "?project=" + token + "&kind=request.refused");
        assertThat(refusals).hasSize(4);
        JsonNode byKey = refusals.stream().filter(e -> reader.keyId.equals(e.path("key_id").asText())).findFirst().orElseThrow();
        assertThat(byKey.path("rule").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(byKey.path("method").asText()).isEqualTo("POST");
        assertThat(byKey.path("path").asText()).isEqualTo("/" + token + "/v4/files");
        assertThat(byKey.path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(byKey.path("detail").path("hint").asText()).isNotEmpty();
        assertThat(byKey.path("detail").path("message").asText()).contains("FILE_UPLOAD");
        JsonNode bySass = refusals.stream().filter(e -> !e.path("template_id").isNull()).findFirst().orElseThrow();
        assertThat(bySass.path("template_id").asText()).startsWith("SECU_");
        assertThat(bySass.path("sass_key_id").asText()).isNotEmpty();
        assertThat(bySass.path("key_id").isNull()).isTrue();
        assertThat(bySass.path("rule").asText()).isEqualTo("PERMISSION_DENIED");
        JsonNode unknown = refusals.stream().filter(e -> "UNAUTHORIZED".equals(e.path("rule").asText())).findFirst().orElseThrow();
        assertThat(unknown.path("key_id").isNull()).isTrue();
        JsonNode csrf = refusals.stream().filter(e -> "CSRF_TOKEN_INVALID".equals(e.path("rule").asText())).findFirst().orElseThrow();
        assertThat(csrf.path("key_id").asText()).as("the session's key").isEqualTo(admin.keyId);
        assertThat(admin.get("/admin/v1/audit?project=" + token).text()).doesNotContain("2".repeat(64)).doesNotContain(sass.key)
                .doesNotContain(b.cookie).doesNotContain(b.csrf);
    }

    @Test
    void filtersByKindKeyAndTimeAndPagesNewestFirst() {
        String token = server.createProject();
        Api admin = server.allKey(token);
        for (int i = 0; i < 7; i++) {
            assertThat(admin.postJson("/admin/v1/keys", "{\"description\":\"k" + i + "\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\""
                    + token + "\"]}").status()).isEqualTo(201);
        }
        String template = admin.postJson("/admin/v1/projects/" + token + "/security-templates", "{\"permissions\":[]}")
                .json().path("security_template").path("id").asText();
        assertThat(template).isNotEmpty();

        List<JsonNode> all = events(admin, "?project=" + token);
        assertThat(all).hasSize(8);
        assertThat(kinds(events(admin, "?project=" + token + "&kind=key"))).hasSize(7).containsOnly("key.created");
        assertThat(kinds(events(admin, "?project=" + token + "&kind=key.created"))).hasSize(7);
        assertThat(events(admin, "?project=" + token + "&kind=key.deleted")).isEmpty();
        assertThat(events(admin, "?project=" + token + "&kind=ke")).as("a prefix is a whole segment").isEmpty();
        assertThat(kinds(events(admin, "?project=" + token + "&kind=template"))).containsExactly("template.created");
        assertThat(events(admin, "?project=" + token + "&key=" + admin.keyId)).hasSize(8);
        assertThat(events(admin, "?project=" + token + "&key=key_nobody")).isEmpty();
        assertThat(events(admin, "?project=" + token + "&from=" + Instant.now().plusSeconds(3600))).isEmpty();
        assertThat(events(admin, "?project=" + token + "&to=2020-01-01T00:00:00Z")).isEmpty();
        assertThat(events(admin, "?project=" + token + "&from=2020-01-01T00:00:00Z&to=" + Instant.now().plusSeconds(60))).hasSize(8);
        for (int i = 1; i < all.size(); i++) {
            assertThat(Instant.parse(all.get(i - 1).path("at").asText())).as("newest first")
                    .isAfterOrEqualTo(Instant.parse(all.get(i).path("at").asText()));
        }

        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = admin.get("/admin/v1/audit?project=" + token + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.json().path("events").forEach(e -> assertThat(seen.add(e.path("id").asText())).as("no event twice").isTrue());
            sizes.add(page.json().path("events").size());
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
        } while (cursor != null);
        assertThat(sizes).containsExactly(3, 3, 2);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all.stream().map(e -> e.path("id").asText()).toList());

        for (String bad : List.of("limit=0", "limit=501", "limit=x", "cursor=nope", "from=yesterday", "to=2020-13-01", "kind=KEY.*",
                "project=Not_A_Token")) {
            Api.Response r = admin.get("/admin/v1/audit?" + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
        }
    }

    @Test
    void aKeySeesOnlyTheEventsOfProjectsItReaches() {
        String mine = server.createProject();
        String theirs = server.createProject();
        Api admin = server.allKey(mine);
        Api other = server.allKey(theirs);
        assertThat(admin.postJson("/admin/v1/projects/" + mine + "/security-templates", "{\"permissions\":[]}").status()).isEqualTo(201);
        assertThat(other.postJson("/admin/v1/projects/" + theirs + "/security-templates", "{\"permissions\":[]}").status()).isEqualTo(201);
        Api both = server.key(false, List.of(mine, theirs), PermissionSet.allPermissions(), null);
        assertThat(both.postJson("/admin/v1/keys", "{\"description\":\"two\",\"permissions\":[\"OBJECTS_LIST\"],\"projects\":[\""
                + mine + "\",\"" + theirs + "\"]}").status()).isEqualTo(201);

        List<JsonNode> seen = events(admin, "?limit=500");
        assertThat(seen).isNotEmpty().allSatisfy(e -> assertThat(e.path("project").asText()).isEqualTo(mine));
        assertThat(events(other, "?limit=500")).allSatisfy(e -> assertThat(e.path("project").asText()).isEqualTo(theirs));
        Api.Response foreign = admin.get("/admin/v1/audit?project=" + theirs);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.code()).isEqualTo("PROJECT_NOT_ALLOWED");
        assertThat(admin.get("/admin/v1/audit/stats?project=" + theirs).code()).isEqualTo("PROJECT_NOT_ALLOWED");
        // a key of two projects is a company-level subject: only company-wide keys see its creation
        assertThat(kinds(events(both, "?kind=key.created"))).isEmpty();
        Api company = server.companyKey(CONFIG_LIST);
        List<JsonNode> companyView = events(company, "?kind=key.created&key=" + both.keyId);
        assertThat(companyView).hasSize(1);
        assertThat(companyView.get(0).path("project").isNull()).isTrue();
        assertThat(events(company, "?project=" + mine + "&limit=500")).hasSameSizeAs(seen);

        Api noList = server.keyFor(List.of(mine), CONFIG_CHANGE);
        for (String path : List.of("/admin/v1/audit", "/admin/v1/audit/stats")) {
            Api.Response r = noList.get(path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.code()).isEqualTo("PERMISSION_DENIED");
            assertThat(server.anonymous.get(path).code()).isEqualTo("UNAUTHORIZED");
        }
    }

    @Test
    void statsCountRequestsAndRefusalsPerMinuteWithZeros() {
        String token = server.createProject();
        Api admin = server.keyFor(List.of(token), OBJECTS_LIST, CONFIG_LIST);
        Api reader = admin.in(token);
        for (int i = 0; i < 5; i++) assertThat(reader.get("/v5/files?folder=/").status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) assertThat(reader.upload("/", "n.txt", "n").status()).isEqualTo(403);
        assertThat(server.withKey("agsk_" + "3".repeat(64)).in(token).get("/v4/files?folder=/").status()).isEqualTo(401);

        Api.Response r = admin.get("/admin/v1/audit/stats?project=" + token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode minutes = r.json().path("minutes");
        assertThat(minutes).hasSize(60);
        Instant previous = null;
        long requests = 0;
        long refusals = 0;
        for (JsonNode m : minutes) {
            Instant minute = Instant.parse(m.path("minute").asText());
            assertThat(minute.getEpochSecond() % 60).isZero();
            if (previous != null) assertThat(minute).isEqualTo(previous.plusSeconds(60));
            previous = minute;
            requests += m.path("requests").asLong();
            refusals += m.path("refusals").asLong();
        }
        assertThat(previous).isAfter(Instant.now().minusSeconds(120)).isBefore(Instant.now().plusSeconds(60));
        assertThat(requests).isEqualTo(9);
        assertThat(refusals).isEqualTo(4);
        assertThat(admin.get("/admin/v1/audit/stats?project=" + token + "&minutes=5").json().path("minutes")).hasSize(5);
        assertThat(admin.get("/admin/v1/audit/stats?minutes=0").code()).isEqualTo("INVALID_PARAMETER");
        assertThat(admin.get("/admin/v1/audit/stats?minutes=1441").code()).isEqualTo("INVALID_PARAMETER");
        long withoutFilter = 0;
        for (JsonNode m : admin.get("/admin/v1/audit/stats").json().path("minutes")) withoutFilter += m.path("requests").asLong();
        assertThat(withoutFilter).as("the key's only project, plus the stats calls themselves are not in a project").isEqualTo(9);
    }

    @Test
    void retentionPruningDeletesOnlyWhatIsOlder() {
        String token = server.createProject();
        Api admin = server.allKey(token);
        assertThat(admin.postJson("/admin/v1/projects/" + token + "/security-templates", "{\"permissions\":[]}").status()).isEqualTo(201);
        assertThat(events(admin, "?project=" + token)).hasSize(1);
        server.app.audit.prune(Duration.ofDays(90));
        assertThat(events(admin, "?project=" + token)).hasSize(1);
        server.app.audit.prune(Duration.ofMillis(-1000)); // "older than a second from now": everything so far
        assertThat(events(admin, "?project=" + token)).isEmpty();
    }
}
