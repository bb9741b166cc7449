package dev.assetgate.http;

import static dev.assetgate.access.Permission.OBJECTS_APPROVAL_MANAGE;
import static dev.assetgate.access.Permission.OBJECTS_APPROVAL_VOTE;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static dev.assetgate.support.Api.assertError;
import static dev.assetgate.support.Api.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.SassKeys;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Approvals over HTTP: requesting, listing, reading, voting and cancelling; each outcome rule with
 * approve/reject sequences; the per-file summary and the approval_status search; who may do what;
 * SASS listing scopes; bad input; and what deleting files does. Each test works in a fresh project
 * with /team/a.txt, /team/b.txt, /team/c.txt and /private/p.txt.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class ApprovalsApiTest {
    static TestServer server;
    static int projects;

    String token;
    Api admin;
    String a;
    String b;
    String c;
    String priv;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void project(TestProject fresh) {
        token = fresh.token;
        admin = fresh.api;
        a = uploaded("/team", "a.txt");
        b = uploaded("/team", "b.txt");
        c = uploaded("/team", "c.txt");
        priv = uploaded("/private", "p.txt");
    }

    private String uploaded(String folder, String name) {
        Api.Response r = admin.multipart("/v4/files?folder=" + enc(folder),
                new Api.Multipart().file("files[]", name, "text/plain", name.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    private static String body(List<String> files, String rule, String... approvers) {
        return "{\"files_uuids\":" + strings(files) + ",\"approvers\":" + strings(List.of(approvers))
                + (rule == null ? "" : ",\"rule\":" + rule) + "}";
    }

    private static String strings(List<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(v -> quoted.add("\"" + v + "\""));
        return "[" + String.join(",", quoted) + "]";
    }

    /** Creates a request (asserting success) and returns it. */
    private JsonNode requested(Api api, String json) {
        Api.Response r = api.postJson("/v5/approvals", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("success");
        assertThat(r.json().path("action").asText()).isEqualTo("approval_requested");
        return r.json().path("approval");
    }

    private Api.Response vote(Api api, String uuid, String approver, String decision) {
        return api.postJson("/v5/approvals/" + uuid + "/votes", "{\"approver\":\"" + approver + "\",\"decision\":\"" + decision + "\"}");
    }

    /** Votes (asserting success) and returns the request's status afterwards. */
    private String voted(String uuid, String approver, String decision) {
        Api.Response r = vote(admin, uuid, approver, decision);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("action").asText()).isEqualTo("approval_voted");
        return r.json().path("approval").path("status").asText();
    }

    private JsonNode approval(String uuid) {
        Api.Response r = admin.get("/v5/approvals/" + uuid);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("approval");
    }

    private JsonNode fileApproval(String fileUuid) {
        return admin.get("/v5/files/" + fileUuid).json().path("file").path("approval");
    }

    private List<String> listed(Api api, String query) {
        Api.Response r = api.get("/v5/approvals" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("approvals").findValuesAsText("uuid").stream().filter(u -> !u.isEmpty()).distinct().toList();
    }

    private List<String> searched(String q) {
        Api.Response r = admin.get("/v5/files?folder=/&recursive=1&sort=name:asc&q=" + enc(q));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.json().path("files").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    // ------------------------------------------------------------------ create, read, summary

    @Test
    void aRequestIsCreatedListedReadAndSummarisedOnItsFiles() {
        JsonNode created = requested(admin, "{\"files_uuids\":[\"" + b + "\",\"" + a + "\"],\"approvers\":[\"alice@example.com\",\" Bob \"],"
                + "\"due_date\":\"2099-12-31\",\"message\":\"Spring campaign\"}");
        String uuid = created.path("uuid").asText();
        assertThat(uuid).matches("[0-9a-f-]{36}");
        assertThat(created.path("status").asText()).isEqualTo("PENDING");
        assertThat(created.path("rule").asText()).as("all is the default rule").isEqualTo("all");
        assertThat(created.path("required_approvals").asInt()).isEqualTo(2);
        assertThat(created.path("counts").toString()).isEqualTo("{\"approved\":0,\"rejected\":0,\"waiting\":2}");
        assertThat(created.path("message").asText()).isEqualTo("Spring campaign");
        assertThat(created.path("due_date").asText()).isEqualTo("2099-12-31T23:59:59Z");
        assertThat(created.path("overdue").asBoolean()).isFalse();
        assertThat(created.path("files_uuids").toString()).isEqualTo("[\"" + b + "\",\"" + a + "\"]");
        assertThat(created.path("approvers").findValuesAsText("approver")).containsExactly("alice@example.com", "Bob");
        assertThat(created.path("approvers").path(0).path("decision").isNull()).isTrue();
        assertThat(created.path("requested_by").asText()).isEqualTo(admin.keyId);
        assertThat(created.path("created_at").asText()).isNotEmpty();
        assertThat(created.path("closed_at").isNull()).isTrue();

        for (String version : List.of("v4", "v5")) {
            Api.Response one = admin.get("/" + version + "/approvals/" + uuid);
            assertThat(one.status()).as(one.toString()).isEqualTo(200);
            assertThat(one.json().path("approval")).isEqualTo(created);
            Api.Response all = admin.get("/" + version + "/approvals");
            assertThat(all.json().path("approvals")).containsExactly(created);
            assertThat(all.json().path("info").path("total_approvals_count").asLong()).isEqualTo(1);
        }

        JsonNode summary = fileApproval(a);
        assertThat(summary.path("approval_uuid").asText()).isEqualTo(uuid);
        assertThat(summary.path("status").asText()).isEqualTo("PENDING");
        assertThat(summary.path("due_date").asText()).isEqualTo("2099-12-31T23:59:59Z");
        assertThat(summary.path("overdue").asBoolean()).isFalse();
        assertThat(fileApproval(c).isNull()).as("a file never under approval").isTrue();
        JsonNode listing = admin.get("/v5/files?folder=/team&sort=name:asc").json().path("files");
        assertThat(listing.path(0).path("approval").path("approval_uuid").asText()).isEqualTo(uuid);
        assertThat(listing.path(1).path("approval").path("approval_uuid").asText()).isEqualTo(uuid);
        assertThat(listing.path(2).path("approval").isNull()).isTrue();

        // A newer request on a file becomes its summary.
        String newer = requested(admin, body(List.of(a), "\"any\"", "carol")).path("uuid").asText();
        assertThat(fileApproval(a).path("approval_uuid").asText()).isEqualTo(newer);
        assertThat(fileApproval(b).path("approval_uuid").asText()).isEqualTo(uuid);
        assertThat(listed(admin, "")).containsExactly(newer, uuid);
    }

    // ------------------------------------------------------------------ outcome rules

    @Test
    void underAllEveryApproverMustApproveAndOneRejectionRejects() {
        String yes = requested(admin, body(List.of(a), "\"all\"", "alice", "bob", "carol")).path("uuid").asText();
        assertThat(voted(yes, "alice", "approve")).isEqualTo("PENDING");
        assertThat(voted(yes, "bob", "approve")).isEqualTo("PENDING");
        assertThat(voted(yes, "carol", "approve")).isEqualTo("APPROVED");
        assertThat(approval(yes).path("closed_at").isNull()).isFalse();
        assertThat(approval(yes).path("counts").path("approved").asInt()).isEqualTo(3);

        String no = requested(admin, body(List.of(b), "\"all\"", "alice", "bob", "carol")).path("uuid").asText();
        assertThat(voted(no, "alice", "approve")).isEqualTo("PENDING");
        assertThat(voted(no, "bob", "reject")).isEqualTo("REJECTED");
        assertError(vote(admin, no, "carol", "approve"), 409, "APPROVAL_CLOSED");
        assertThat(approval(no).path("approvers").path(2).path("decision").isNull()).as("a refused vote is not recorded").isTrue();
    }

    @Test
    void underAnyOneApprovalIsEnoughAndOnlyEveryoneRejectingRejects() {
        String yes = requested(admin, body(List.of(a), "\"any\"", "alice", "bob", "carol")).path("uuid").asText();
        assertThat(approval(yes).path("required_approvals").asInt()).isEqualTo(1);
        assertThat(voted(yes, "alice", "reject")).isEqualTo("PENDING");
        assertThat(voted(yes, "bob", "reject")).isEqualTo("PENDING");
        assertThat(voted(yes, "carol", "approve")).isEqualTo("APPROVED");

        String quick = requested(admin, body(List.of(b), "\"ANY\"", "alice", "bob")).path("uuid").asText();
        assertThat(voted(quick, "bob", "approve")).isEqualTo("APPROVED");
        assertError(vote(admin, quick, "alice", "approve"), 409, "APPROVAL_CLOSED");

        String no = requested(admin, body(List.of(c), "\"any\"", "alice", "bob")).path("uuid").asText();
        assertThat(voted(no, "alice", "reject")).isEqualTo("PENDING");
        assertThat(voted(no, "bob", "reject")).isEqualTo("REJECTED");
    }

    @Test
    void underAQuorumNApprovalsDecideAndRejectionWinsOnceNCannotBeReached() {
        String yes = requested(admin, body(List.of(a), "{\"quorum\":2}", "alice", "bob", "carol")).path("uuid").asText();
        JsonNode created = approval(yes);
        assertThat(created.path("rule").toString()).isEqualTo("{\"quorum\":2}");
        assertThat(created.path("required_approvals").asInt()).isEqualTo(2);
        assertThat(voted(yes, "alice", "approve")).isEqualTo("PENDING");
        assertThat(voted(yes, "bob", "reject")).isEqualTo("PENDING");
        assertThat(voted(yes, "carol", "approve")).isEqualTo("APPROVED");

        String no = requested(admin, body(List.of(b), "{\"quorum\":2}", "alice", "bob", "carol")).path("uuid").asText();
        assertThat(voted(no, "alice", "reject")).isEqualTo("PENDING");
        assertThat(voted(no, "bob", "reject")).as("two of three rejected: two approvals are out of reach").isEqualTo("REJECTED");

        String unanimous = requested(admin, body(List.of(c), "{\"quorum\":3}", "alice", "bob", "carol")).path("uuid").asText();
        assertThat(voted(unanimous, "alice", "approve")).isEqualTo("PENDING");
        assertThat(voted(unanimous, "bob", "reject")).isEqualTo("REJECTED");
    }

    // ------------------------------------------------------------------ votes and cancellation

    @Test
    void eachNamedApproverVotesOnceMatchedIgnoringCase() {
        String uuid = requested(admin, body(List.of(a), "\"all\"", "Alice@Example.com", "bob")).path("uuid").asText();
        Api voter = server.keyFor(List.of(token), OBJECTS_APPROVAL_VOTE).in(token);
        Api.Response first = voter.postJson("/v4/approvals/" + uuid + "/votes",
                "{\"approver\":\"alice@EXAMPLE.com\",\"decision\":\"APPROVE\",\"comment\":\"looks good\"}");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        JsonNode alice = first.json().path("approval").path("approvers").path(0);
        assertThat(alice.path("approver").asText()).isEqualTo("Alice@Example.com");
        assertThat(alice.path("decision").asText()).isEqualTo("approve");
        assertThat(alice.path("comment").asText()).isEqualTo("looks good");
        assertThat(alice.path("voted_by").asText()).isEqualTo(voter.keyId);
        assertThat(alice.path("voted_at").asText()).isNotEmpty();

        assertError(vote(voter, uuid, "alice@example.com", "reject"), 409, "ALREADY_VOTED");
        assertError(vote(voter, uuid, "mallory", "approve"), 403, "NOT_AN_APPROVER");
        assertError(vote(voter, uuid, "bob", "maybe"), 400, "INVALID_PARAMETER");
        assertError(voter.postJson("/v5/approvals/" + uuid + "/votes", "{\"decision\":\"approve\"}"), 400, "INVALID_PARAMETER");
        assertError(voter.postJson("/v5/approvals/" + uuid + "/votes", "{\"approver\":\"bob\"}"), 400, "INVALID_PARAMETER");
        assertError(voter.postJson("/v5/approvals/" + uuid + "/votes", "{\"approver\":7,\"decision\":\"approve\"}"), 400, "INVALID_PARAMETER");
        assertError(voter.postJson("/v5/approvals/" + uuid + "/votes", "{\"approver\":\"bob\",\"decision\":\"approve\",\"comment\":\""
                + "x".repeat(2001) + "\"}"), 400, "INVALID_PARAMETER");
        assertError(voter.postJson("/v5/approvals/" + uuid + "/votes", "{\"approver\":"), 400, "INVALID_JSON");
        assertError(vote(voter, UUID.randomUUID().toString(), "bob", "approve"), 404, "APPROVAL_NOT_FOUND");

        JsonNode after = approval(uuid);
        assertThat(after.path("status").asText()).isEqualTo("PENDING");
        assertThat(after.path("counts").toString()).isEqualTo("{\"approved\":1,\"rejected\":0,\"waiting\":1}");
    }

    @Test
    void aPendingRequestCanBeCancelledAndThenTakesNoVotes() {
        String uuid = requested(admin, body(List.of(a, b), null, "alice", "bob")).path("uuid").asText();
        voted(uuid, "alice", "approve");
        Api.Response cancelled = admin.postJson("/v4/approvals/" + uuid + "/cancel", "");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().path("action").asText()).isEqualTo("approval_cancelled");
        assertThat(cancelled.json().path("approval").path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("approval").path("closed_at").isNull()).isFalse();
        assertThat(fileApproval(b).path("status").asText()).isEqualTo("CANCELLED");

        assertError(admin.postJson("/v5/approvals/" + uuid + "/cancel", ""), 409, "APPROVAL_CLOSED");
        assertError(vote(admin, uuid, "bob", "approve"), 409, "APPROVAL_CLOSED");
        assertThat(approval(uuid).path("approvers").path(1).path("decision").isNull()).isTrue();

        String approved = requested(admin, body(List.of(c), "\"any\"", "alice")).path("uuid").asText();
        voted(approved, "alice", "approve");
        assertError(admin.postJson("/v5/approvals/" + approved + "/cancel", ""), 409, "APPROVAL_CLOSED");
        assertThat(approval(approved).path("status").asText()).isEqualTo("APPROVED");
        assertError(admin.postJson("/v5/approvals/" + UUID.randomUUID() + "/cancel", ""), 404, "APPROVAL_NOT_FOUND");
    }

    // ------------------------------------------------------------------ listings and search

    @Test
    void listingsFilterByStatusFileApproverAndOverdue() {
        String pending = requested(admin, body(List.of(a), null, "alice")).path("uuid").asText();
        String approved = requested(admin, body(List.of(a, b), "\"any\"", "bob")).path("uuid").asText();
        voted(approved, "bob", "approve");
        String cancelled = requested(admin, body(List.of(c), null, "alice", "carol")).path("uuid").asText();
        admin.postJson("/v5/approvals/" + cancelled + "/cancel", "");
        String soon = requested(admin, "{\"files_uuids\":[\"" + c + "\"],\"approvers\":[\"dave\"],\"due_date\":\""
                + server.clock.instant().plusSeconds(60) + "\"}").path("uuid").asText();

        assertThat(listed(admin, "")).containsExactly(soon, cancelled, approved, pending);
        assertThat(listed(admin, "?status=PENDING")).containsExactly(soon, pending);
        assertThat(listed(admin, "?status=canceled,approved")).containsExactly(cancelled, approved);
        assertThat(listed(admin, "?file_uuid=" + a)).containsExactly(approved, pending);
        assertThat(listed(admin, "?approver=ALICE")).containsExactly(cancelled, pending);
        assertThat(listed(admin, "?file_uuid=" + c + "&status=PENDING")).containsExactly(soon);
        assertThat(listed(admin, "?limit=2&offset=1")).containsExactly(cancelled, approved);
        assertThat(admin.get("/v5/approvals?limit=1").json().path("info").path("total_approvals_count").asLong()).isEqualTo(4);
        assertThat(listed(admin, "?overdue=1")).isEmpty();
        assertError(admin.get("/v5/approvals?status=DONE"), 400, "INVALID_PARAMETER");
        assertError(admin.get("/v5/approvals?overdue=maybe"), 400, "INVALID_PARAMETER");
        assertError(admin.get("/v5/approvals?limit=x"), 400, "INVALID_PARAMETER");

        server.clock.advance(Duration.ofSeconds(61)); // the due date passes: reported, nothing else changes
        assertThat(listed(admin, "?overdue=true")).containsExactly(soon);
        assertThat(listed(admin, "?overdue=0")).containsExactly(cancelled, approved, pending);
        assertThat(approval(soon).path("overdue").asBoolean()).isTrue();
        assertThat(approval(soon).path("status").asText()).isEqualTo("PENDING");
        assertThat(fileApproval(c).path("overdue").asBoolean()).isTrue();
        assertThat(voted(soon, "dave", "approve")).as("votes are still taken after the due date").isEqualTo("APPROVED");
        assertThat(approval(soon).path("overdue").asBoolean()).isFalse();
    }

    @Test
    void approvalStatusSearchesEachFilesLatestRequest() {
        String onA = requested(admin, body(List.of(a), null, "alice")).path("uuid").asText();
        String onB = requested(admin, body(List.of(b), "\"any\"", "bob")).path("uuid").asText();
        voted(onB, "bob", "approve");
        String onC = requested(admin, body(List.of(c), null, "carol")).path("uuid").asText();
        voted(onC, "carol", "reject");
        String onP = requested(admin, body(List.of(priv), null, "dave")).path("uuid").asText();
        admin.postJson("/v5/approvals/" + onP + "/cancel", "");

        assertThat(searched("approval_status:PENDING")).containsExactly("a.txt");
        assertThat(searched("approval_status:APPROVED")).containsExactly("b.txt");
        assertThat(searched("approval_status:rejected")).containsExactly("c.txt");
        assertThat(searched("approval_status:CANCELLED")).containsExactly("p.txt");
        assertThat(searched("approval_status:CANCELED,PENDING")).containsExactly("a.txt", "p.txt");
        assertThat(searched("-approval_status:PENDING")).containsExactly("b.txt", "c.txt", "p.txt");
        assertThat(searched("approval_status:PENDING task_approver:alice")).containsExactly("a.txt");
        assertThat(fileApproval(a).path("approval_uuid").asText()).isEqualTo(onA);

        // A new request on a decided file makes it pending again.
        requested(admin, body(List.of(b), null, "erin"));
        assertThat(searched("approval_status:PENDING")).containsExactly("a.txt", "b.txt");
        uploaded("/team", "fresh.txt");
        assertThat(searched("approval_status:empty")).containsExactly("fresh.txt");
        assertThat(admin.get("/v5/files?folder=/team&q=" + enc("approval_status:APPROVED")).json().path("files")).isEmpty();
    }

    // ------------------------------------------------------------------ who may do what

    @Test
    void voteOnlyKeysReadAndVoteButNeitherRequestNorCancelAndManageOnlyKeysCannotVote() {
        String uuid = requested(admin, body(List.of(a), null, "alice", "bob")).path("uuid").asText();
        Api voter = server.keyFor(List.of(token), OBJECTS_APPROVAL_VOTE).in(token);
        Api manager = server.keyFor(List.of(token), OBJECTS_APPROVAL_MANAGE).in(token);
        Api neither = server.keyFor(List.of(token), OBJECTS_LIST).in(token);
        JsonNode before = approval(uuid);

        assertThat(listed(voter, "")).containsExactly(uuid);
        assertThat(voter.get("/v5/approvals/" + uuid).status()).isEqualTo(200);
        assertError(voter.postJson("/v5/approvals", body(List.of(b), null, "alice")), 403, "PERMISSION_DENIED");
        assertError(voter.postJson("/v5/approvals/" + uuid + "/cancel", ""), 403, "PERMISSION_DENIED");
        assertThat(listed(manager, "")).containsExactly(uuid);
        assertError(vote(manager, uuid, "alice", "approve"), 403, "PERMISSION_DENIED");
        for (Api.Response r : List.of(neither.get("/v5/approvals"), neither.get("/v5/approvals/" + uuid),
                vote(neither, uuid, "alice", "approve"), neither.postJson("/v5/approvals/" + uuid + "/cancel", ""))) {
            assertError(r, 403, "PERMISSION_DENIED");
            assertThat(r.text()).doesNotContain(uuid);
        }
        assertThat(approval(uuid)).isEqualTo(before);
        assertThat(listed(admin, "")).containsExactly(uuid);

        server.createProject(token + "-x");
        Api foreign = server.allKey(token + "-x").in(token);
        assertError(foreign.get("/v5/approvals/" + uuid), 403, "PROJECT_NOT_ALLOWED");
        Api otherProject = server.allKey(token + "-x").in(token + "-x");
        assertError(otherProject.get("/v5/approvals/" + uuid), 404, "APPROVAL_NOT_FOUND");
        assertError(vote(otherProject, uuid, "alice", "approve"), 404, "APPROVAL_NOT_FOUND");
        assertError(otherProject.postJson("/v5/approvals", body(List.of(a), null, "alice")), 404, "FILE_NOT_FOUND");
        assertThat(listed(otherProject, "")).isEmpty();
        assertThat(approval(uuid)).isEqualTo(before);
    }

    @Test
    void aSassKeyRequestsOnlyOnFilesItMayReadAndSeesOnlyRequestsWhollyInsideItsScope() {
        Api sass = SassKeys.mint(server, new Api(server.baseUrl(), admin.key), token,
                "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"OBJECTS_APPROVAL_MANAGE\",\"OBJECTS_APPROVAL_VOTE\"],"
                        + "\"listing\":{\"dir_scope\":[\"/team/*\"]}}");

        String mine = requested(sass, body(List.of(a, b), null, "alice", "bob")).path("uuid").asText();
        assertThat(approval(mine).path("requested_by").asText()).startsWith("sk_");
        Api.Response outside = sass.postJson("/v5/approvals", body(List.of(a, priv), null, "alice"));
        assertError(outside, 403, "FOLDER_NOT_ALLOWED");
        assertThat(outside.text()).doesNotContain("p.txt");

        String mixed = requested(admin, body(List.of(c, priv), null, "alice")).path("uuid").asText();
        String hidden = requested(admin, body(List.of(priv), null, "alice")).path("uuid").asText();
        String teamOnly = requested(admin, body(List.of(c), null, "alice")).path("uuid").asText();
        JsonNode mixedBefore = approval(mixed);

        assertThat(listed(sass, "")).containsExactly(teamOnly, mine);
        assertThat(listed(sass, "?file_uuid=" + c)).containsExactly(teamOnly);
        assertThat(sass.get("/v5/approvals?limit=1").json().path("info").path("total_approvals_count").asLong()).isEqualTo(2);
        for (String unseen : List.of(mixed, hidden)) {
            assertError(sass.get("/v5/approvals/" + unseen), 404, "APPROVAL_NOT_FOUND");
            assertError(vote(sass, unseen, "alice", "approve"), 404, "APPROVAL_NOT_FOUND");
            assertError(sass.postJson("/v5/approvals/" + unseen + "/cancel", ""), 404, "APPROVAL_NOT_FOUND");
        }
        assertThat(approval(mixed)).isEqualTo(mixedBefore);
        assertThat(approval(hidden).path("status").asText()).isEqualTo("PENDING");

        assertThat(vote(sass, mine, "alice", "approve").status()).isEqualTo(200);
        assertThat(sass.postJson("/v5/approvals/" + teamOnly + "/cancel", "").json().path("approval").path("status").asText())
                .isEqualTo("CANCELLED");
        assertThat(listed(admin, "")).hasSize(4);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badRequestsAreRefusedNamingTheProblemAndStoreNothing() {
        String otherToken = token + "-o";
        server.createProject(otherToken);
        Api other = server.allKey(otherToken).in(otherToken);
        String foreignFile = other.multipart("/v4/files?folder=/x", new Api.Multipart().file("files[]", "f.txt", "text/plain",
                "f".getBytes(StandardCharsets.UTF_8))).json().path("file").path("uuid").asText();
        String[][] cases = {
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":", "INVALID_JSON"},
            {"[]", "INVALID_JSON"},
            {"{\"approvers\":[\"alice\"]}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[],\"approvers\":[\"alice\"]}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":\"" + a + "\",\"approvers\":[\"alice\"]}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"]}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":[]}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":[\"  \"]}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":\"alice\"}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":[\"alice\",42]}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":[\"alice\",\"ALICE\"]}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":[\"" + "x".repeat(255) + "\"]}", "INVALID_PARAMETER"},
            {body(List.of(a), "{\"quorum\":3}", "alice", "bob"), "INVALID_PARAMETER"},
            {body(List.of(a), "{\"quorum\":0}", "alice", "bob"), "INVALID_PARAMETER"},
            {body(List.of(a), "{\"quorum\":\"2\"}", "alice", "bob"), "INVALID_PARAMETER"},
            {body(List.of(a), "{\"quorum\":1.5}", "alice", "bob"), "INVALID_PARAMETER"},
            {body(List.of(a), "\"majority\"", "alice", "bob"), "INVALID_PARAMETER"},
            {body(List.of(a), "\"quorum\"", "alice", "bob"), "INVALID_PARAMETER"},
            {body(List.of(a), "2", "alice", "bob"), "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":[\"alice\"],\"due_date\":\"next week\"}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":[\"alice\"],\"due_date\":\"2001-01-01T00:00:00Z\"}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":[\"alice\"],\"due_date\":20991231}", "INVALID_PARAMETER"},
            {"{\"files_uuids\":[\"" + a + "\"],\"approvers\":[\"alice\"],\"message\":\"" + "m".repeat(2001) + "\"}", "INVALID_PARAMETER"},
            {body(List.of(a, UUID.randomUUID().toString()), null, "alice"), "FILE_NOT_FOUND"},
            {body(List.of(a, foreignFile), null, "alice"), "FILE_NOT_FOUND"},
        };
        for (String[] c : cases) {
            Api.Response r = admin.postJson("/v5/approvals", c[0]);
            assertThat(r.code()).as(c[0].length() > 200 ? c[0].substring(0, 200) : c[0] + " → " + r).isEqualTo(c[1]);
            assertThat(r.status()).isEqualTo(c[1].equals("FILE_NOT_FOUND") ? 404 : 400);
            assertThat(r.json().path("msg").asText()).isNotEmpty();
        }
        assertError(admin.post("/v5/approvals", "application/x-www-form-urlencoded",
                "files_uuids=x".getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(listed(admin, "")).isEmpty();
        assertThat(fileApproval(a).isNull()).isTrue();
        assertThat(listed(other, "")).isEmpty();
        assertError(admin.get("/v5/approvals/" + UUID.randomUUID()), 404, "APPROVAL_NOT_FOUND");
        assertError(admin.get("/v5/approvals/not-a-uuid"), 404, "APPROVAL_NOT_FOUND");
    }

    // ------------------------------------------------------------------ deleting files

    @Test
    void deletingAFileTakesItOutOfItsRequestsAndARequestWithoutFilesGoes() {
        String both = requested(admin, body(List.of(a, b), null, "alice")).path("uuid").asText();
        String onlyC = requested(admin, body(List.of(c), null, "alice")).path("uuid").asText();
        String onlyP = requested(admin, body(List.of(priv), null, "alice")).path("uuid").asText();

        assertThat(admin.delete("/v5/files/" + a).status()).isEqualTo(200);
        assertThat(approval(both).path("files_uuids").toString()).isEqualTo("[\"" + b + "\"]");
        assertThat(approval(both).path("status").asText()).isEqualTo("PENDING");

        assertThat(admin.delete("/v5/files/" + c).status()).isEqualTo(200);
        assertError(admin.get("/v5/approvals/" + onlyC), 404, "APPROVAL_NOT_FOUND");

        String privFolder = admin.get("/v5/files?folder=/private").json().path("base").path("uuid").asText();
        assertThat(admin.delete("/v5/folders/" + privFolder).status()).isEqualTo(200);
        assertError(admin.get("/v5/approvals/" + onlyP), 404, "APPROVAL_NOT_FOUND");
        assertThat(listed(admin, "")).containsExactly(both);
    }
}
