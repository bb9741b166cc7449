package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.access.NewKey;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Project tokens are one namespace for the whole server (they are the first segment of every public
 * URL), so creating a project with a token another company holds is refused with the same 409 as a
 * token of one's own company. That answer, and every other one, tells nothing more about the other
 * company's project than a token one never saw: not its name, company, files or settings.
 */
@WithServer
class ProjectTokensTest {
    static TestServer server;
    static Api root;     // company-wide key of the default company
    static Api rivalKey; // a key of another company on the same server

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createProject("mine");
        root = server.companyKey();
        String rival = UUID.randomUUID().toString();
        server.app.database.withConnection(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO companies (id, name, created_at) VALUES (?, ?, ?)")) {
                insert.setString(1, rival);
                insert.setString(2, "Rival Inc");
                insert.setString(3, "2026-01-01T00:00:00.000Z");
                return insert.executeUpdate();
            }
        });
        server.app.projects.create("rival", "Rival Secret Project", rival).orElseThrow();
        var created = server.app.keys.create(new NewKey("rival", PermissionSet.allPermissions(), true, Set.of(), null),
                rival, Optional.empty());
        rivalKey = new Api(server.baseUrl(), created.secret());
        assertThat(rivalKey.in("rival").upload("/private", "plans.txt", "plans").status()).isEqualTo(200);
    }

    @Test
    void aTokenOfAnotherCompanyIsTakenAndTheAnswerIsTheSameAsForOnesOwn() {
        Api.Response theirs = root.postJson("/admin/v1/projects", "{\"token\":\"rival\",\"name\":\"Hijacked\"}");
        Api.Response ours = root.postJson("/admin/v1/projects", "{\"token\":\"mine\",\"name\":\"Hijacked\"}");
        assertThat(theirs.status()).isEqualTo(409);
        assertThat(theirs.code()).isEqualTo("PROJECT_EXISTS");
        assertThat(theirs.envelope().toString().replace("rival", "TOKEN")).isEqualTo(ours.envelope().toString().replace("mine", "TOKEN"));
        assertNothingOfTheRival(theirs);
        assertThat(rivalKey.get("/admin/v1/projects/rival").json().path("project").path("name").asText())
                .isEqualTo("Rival Secret Project");
    }

    @Test
    void everyOtherRouteAnswersForTheRivalsTokenAsForATokenThatDoesNotExist() {
        List<Function<String, Api.Response>> routes = List.of(
                t -> root.get("/admin/v1/projects/" + t),
                t -> root.patchJson("/admin/v1/projects/" + t, "{\"name\":\"x\"}"),
                t -> root.delete("/admin/v1/projects/" + t),
                t -> root.get("/admin/v1/projects/" + t + "/security-templates"),
                t -> root.in(t).get("/v5/files?folder=/private"),
                t -> root.in(t).get("/v5/folders"),
                t -> root.in(t).upload("/", "x.txt", "x"));
        for (Function<String, Api.Response> route : routes) {
            Api.Response rival = route.apply("rival");
            Api.Response none = route.apply("nosuch");
            assertThat(rival.status()).as(rival.toString()).isEqualTo(none.status()).isGreaterThanOrEqualTo(400);
            assertThat(rival.envelope().toString().replace("rival", "TOKEN")).isEqualTo(none.envelope().toString().replace("nosuch", "TOKEN"));
            assertNothingOfTheRival(rival);
        }
        assertThat(root.get("/admin/v1/projects").text()).doesNotContain("rival", "Rival");
        assertThat(rivalKey.in("rival").get("/v5/files?folder=/private").json().path("files")).hasSize(1);
    }

    private static void assertNothingOfTheRival(Api.Response r) {
        assertThat(r.text()).doesNotContain("Rival Inc", "Rival Secret Project", "plans.txt", "/private");
    }
}
