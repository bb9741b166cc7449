package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.template;
import static dev.assetgate.templates.Sass.templatesPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetgate.access.Permission;
import dev.assetgate.cli.AssetgateCli;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.Cli;
import dev.assetgate.support.Cli.Run;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Security Templates in the management API and the CLI: CRUD, validation, and no escalation. */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class TemplateAdminTest {
    static TestServer server;
    static TestProject p;
    static Api adminOther;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        p = TestProject.create(server, "p");
        server.createProject("other");
        adminOther = server.allKey("other");
    }

    private static int templateCount(String token) {
        Api.Response r = (token.equals("p") ? p.admin : adminOther).get(templatesPath(token));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("security_templates").size();
    }

    @Test
    void createReadListPatchDelete() {
        Api.Response created = p.admin.postJson(templatesPath("p"), """
                {"description":"widget","permissions":["OBJECTS_LIST","FILE_UPLOAD"],
                 "upload":{"limit_per_min":10,"limit_per_source_ip":20,"max":100,"dir_scope":["/uploads/*"],"max_file_size":1000},
                 "restrictions":{"whitelist_ip_ranges":["10.0.0.0/8","2001:db8::/32","127.0.0.1"],"whitelist_countries":["fr","DE"]},
                 "key_validity":{"expire_duration":600},
                 "listing":{"dir_scope":["/public","/uploads/*"],"max":50}}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode t = created.json().path("security_template");
        String id = t.path("id").asText();
        assertThat(id).matches("SECU_[0-9A-F]{32}");
        assertThat(t.path("project").asText()).isEqualTo("p");
        assertThat(t.path("description").asText()).isEqualTo("widget");
        assertThat(t.path("permissions")).extracting(JsonNode::asText).containsExactlyInAnyOrder("OBJECTS_LIST", "FILE_UPLOAD");
        assertThat(t.path("upload").path("limit_per_min").asLong()).isEqualTo(10);
        assertThat(t.path("upload").path("limit_per_source_ip").asLong()).isEqualTo(20);
        assertThat(t.path("upload").path("max").asLong()).isEqualTo(100);
        assertThat(t.path("upload").path("max_file_size").asLong()).isEqualTo(1000);
        assertThat(t.path("upload").path("dir_scope").get(0).asText()).isEqualTo("/uploads/*");
        assertThat(t.path("restrictions").path("whitelist_countries")).extracting(JsonNode::asText).containsExactly("FR", "DE");
        assertThat(t.path("restrictions").path("whitelist_ip_ranges")).hasSize(3);
        assertThat(t.path("key_validity").path("expire_duration").asLong()).isEqualTo(600);
        assertThat(t.path("listing").path("max").asLong()).isEqualTo(50);
        assertThat(t.path("active").asBoolean()).isTrue();

        Api.Response read = p.admin.get(templatesPath("p") + "/" + id);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("security_template").path("id").asText()).isEqualTo(id);
        long version = read.json().path("security_template").path("version").asLong();

        Api.Response list = p.admin.get(templatesPath("p"));
        assertThat(list.json().path("security_templates").findValuesAsText("id")).contains(id);

        Api.Response patched = p.admin.patchJson(templatesPath("p") + "/" + id, "{\"description\":\"renamed\",\"listing\":{\"max\":5}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode after = patched.json().path("security_template");
        assertThat(after.path("description").asText()).isEqualTo("renamed");
        assertThat(after.path("listing").path("max").asLong()).isEqualTo(5);
        assertThat(after.path("version").asLong()).isGreaterThan(version);
        // untouched groups stay as they were
        assertThat(after.path("upload").path("limit_per_min").asLong()).isEqualTo(10);

        Api.Response deleted = p.admin.delete(templatesPath("p") + "/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertError(p.admin.get(templatesPath("p") + "/" + id), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(p.admin.delete(templatesPath("p") + "/" + id), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertThat(p.admin.get(templatesPath("p")).json().path("security_templates").findValuesAsText("id")).doesNotContain(id);
    }

    @Test
    void legacyDataWrapperAndDefaults() {
        Api.Response r = p.admin.postJson(templatesPath("p"), "{\"data\":{\"permissions\":[\"OBJECTS_LIST\"]}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode t = r.json().path("security_template");
        assertThat(t.path("key_validity").path("expire_duration").asLong()).isEqualTo(1200);
        assertThat(t.path("active").asBoolean()).isTrue();
        assertThat(t.path("upload").path("limit_per_min").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown permission      | {\"permissions\":[\"OBJECTS_LIST\",\"FLY\"]}                                   | permissions",
            "permission not a string | {\"permissions\":[42]}                                                      | permissions",
            "malformed CIDR          | {\"restrictions\":{\"whitelist_ip_ranges\":[\"10.0.0.0/33\"]}}                | whitelist_ip_ranges",
            "CIDR garbage            | {\"restrictions\":{\"whitelist_ip_ranges\":[\"10.0.0.0/8\",\"nope\"]}}        | whitelist_ip_ranges[1]",
            "host name as range      | {\"restrictions\":{\"whitelist_ip_ranges\":[\"localhost\"]}}                  | whitelist_ip_ranges",
            "unknown country         | {\"restrictions\":{\"whitelist_countries\":[\"FR\",\"XX\"]}}                  | whitelist_countries[1]",
            "country name            | {\"restrictions\":{\"whitelist_countries\":[\"France\"]}}                     | whitelist_countries",
            "negative limit_per_min  | {\"upload\":{\"limit_per_min\":-1}}                                           | upload.limit_per_min",
            "negative per source ip  | {\"upload\":{\"limit_per_source_ip\":-5}}                                     | upload.limit_per_source_ip",
            "negative upload max     | {\"upload\":{\"max\":-1}}                                                     | upload.max",
            "negative max_file_size  | {\"upload\":{\"max_file_size\":-1}}                                           | upload.max_file_size",
            "negative listing max    | {\"listing\":{\"max\":-3}}                                                    | listing.max",
            "fractional limit        | {\"upload\":{\"limit_per_min\":1.5}}                                          | upload.limit_per_min",
            "limit as string         | {\"upload\":{\"max\":\"10\"}}                                                 | upload.max",
            "zero expiry             | {\"key_validity\":{\"expire_duration\":0}}                                    | key_validity.expire_duration",
            "expiry too long         | {\"key_validity\":{\"expire_duration\":99999999}}                             | key_validity.expire_duration",
            "unknown top member      | {\"permissions\":[\"OBJECTS_LIST\"],\"superpowers\":true}                    | superpowers",
            "unknown nested member   | {\"upload\":{\"dir_scop\":[\"/a\"]}}                                          | upload.dir_scop",
            "unknown restriction     | {\"restrictions\":{\"whitelist_asn\":[1]}}                                    | restrictions.whitelist_asn",
            "relative upload scope   | {\"upload\":{\"dir_scope\":[\"uploads\"]}}                                    | upload.dir_scope[0]",
            "dot-dot in scope        | {\"upload\":{\"dir_scope\":[\"/uploads/../secret\"]}}                         | upload.dir_scope[0]",
            "wildcard in the middle  | {\"listing\":{\"dir_scope\":[\"/a/*/b\"]}}                                    | listing.dir_scope[0]",
            "group not an object     | {\"upload\":[1]}                                                             | upload",
            "active not boolean      | {\"active\":\"yes\"}                                                          | active",
    })
    void invalidTemplatesAreRefusedNamingTheField(String what, String body, String field) {
        int before = templateCount("p");
        Api.Response r = p.admin.postJson(templatesPath("p"), body);
        assertError(r, 400, "INVALID_PARAMETER");
        assertThat(r.json().path("msg").asText()).as(what).contains(field);
        assertThat(templateCount("p")).isEqualTo(before);
    }

    @Test
    void invalidPatchIsRefusedAndChangesNothing() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"],\"upload\":{\"limit_per_min\":3}}");
        Api.Response r = p.admin.patchJson(templatesPath("p") + "/" + id, "{\"upload\":{\"limit_per_min\":-3}}");
        assertError(r, 400, "INVALID_PARAMETER");
        assertThat(r.json().path("msg").asText()).contains("upload.limit_per_min");
        JsonNode t = p.admin.get(templatesPath("p") + "/" + id).json().path("security_template");
        assertThat(t.path("upload").path("limit_per_min").asLong()).isEqualTo(3);
        assertThat(t.path("version").asLong()).isEqualTo(1);
    }

    @Test
    void aTemplateCannotHoldMoreThanItsCreator() {
        Api limited = server.keyFor(List.of("p"), Permission.CONFIG_CHANGE, Permission.CONFIG_LIST, Permission.OBJECTS_LIST);
        int before = templateCount("p");
        assertError(limited.postJson(templatesPath("p"), "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_DELETE\"]}"), 403, "PERMISSION_DENIED");
        assertError(limited.postJson(templatesPath("p"), "{\"permissions\":[\"all\"]}"), 403, "PERMISSION_DENIED");
        assertThat(templateCount("p")).isEqualTo(before);

        // a subset is fine, and so is the same set
        String id = template(limited, "p", "{\"permissions\":[\"OBJECTS_LIST\"]}");
        template(limited, "p", "{\"permissions\":[\"OBJECTS_LIST\",\"CONFIG_LIST\",\"CONFIG_CHANGE\"]}");

        // nor can an edit widen it
        assertError(limited.patchJson(templatesPath("p") + "/" + id, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"]}"),
                403, "PERMISSION_DENIED");
        JsonNode t = limited.get(templatesPath("p") + "/" + id).json().path("security_template");
        assertThat(t.path("permissions")).extracting(JsonNode::asText).containsExactly("OBJECTS_LIST");

        // a stronger key may widen it
        Api.Response widened = p.admin.patchJson(templatesPath("p") + "/" + id, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"]}");
        assertThat(widened.status()).as(widened.toString()).isEqualTo(200);
    }

    @Test
    void aWeakerKeyNeitherSeesNorTouchesAStrongerTemplate() {
        // the template id mints keys by itself: showing it to a weaker key would hand it the stronger permissions
        String strong = template(p, "{\"permissions\":[\"OBJECTS_LIST\",\"FILE_DELETE\"]}");
        Api limited = server.keyFor(List.of("p"), Permission.CONFIG_CHANGE, Permission.CONFIG_LIST, Permission.OBJECTS_LIST);
        String own = template(limited, "p", "{\"permissions\":[\"OBJECTS_LIST\"]}");
        List<String> listed = limited.get(templatesPath("p")).json().path("security_templates").findValuesAsText("id");
        assertThat(listed).contains(own).doesNotContain(strong);
        assertError(limited.get(templatesPath("p") + "/" + strong), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(limited.patchJson(templatesPath("p") + "/" + strong, "{\"active\":false}"), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(limited.delete(templatesPath("p") + "/" + strong), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        // untouched, and the stronger key still sees both
        JsonNode t = p.admin.get(templatesPath("p") + "/" + strong).json().path("security_template");
        assertThat(t.path("active").asBoolean()).isTrue();
        assertThat(t.path("version").asLong()).isEqualTo(1);
        assertThat(p.admin.get(templatesPath("p")).json().path("security_templates").findValuesAsText("id")).contains(own, strong);
        assertThat(limited.delete(templatesPath("p") + "/" + own).status()).isEqualTo(200);
    }

    @Test
    void readingNeedsConfigListAndWritingNeedsConfigChange() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        Api reader = server.keyFor(List.of("p"), Permission.CONFIG_LIST, Permission.OBJECTS_LIST);
        assertThat(reader.get(templatesPath("p")).status()).isEqualTo(200);
        assertThat(reader.get(templatesPath("p") + "/" + id).status()).isEqualTo(200);
        assertError(reader.postJson(templatesPath("p"), "{\"permissions\":[\"OBJECTS_LIST\"]}"), 403, "PERMISSION_DENIED");
        assertError(reader.patchJson(templatesPath("p") + "/" + id, "{\"description\":\"x\"}"), 403, "PERMISSION_DENIED");
        assertError(reader.delete(templatesPath("p") + "/" + id), 403, "PERMISSION_DENIED");

        Api writerOnly = server.keyFor(List.of("p"), Permission.CONFIG_CHANGE, Permission.OBJECTS_LIST);
        assertError(writerOnly.get(templatesPath("p")), 403, "PERMISSION_DENIED");

        assertError(server.anonymous.get(templatesPath("p")), 401, "UNAUTHORIZED");
        assertThat(p.admin.get(templatesPath("p") + "/" + id).status()).isEqualTo(200);
    }

    @Test
    void projectsAreIsolated() {
        String id = template(p, "{\"permissions\":[\"OBJECTS_LIST\"]}");
        // another project's key: not its project
        assertError(adminOther.get(templatesPath("p")), 403, "PROJECT_NOT_ALLOWED");
        assertError(adminOther.get(templatesPath("p") + "/" + id), 403, "PROJECT_NOT_ALLOWED");
        assertError(adminOther.postJson(templatesPath("p"), "{\"permissions\":[\"OBJECTS_LIST\"]}"), 403, "PROJECT_NOT_ALLOWED");
        // a template of p seen through project other: unknown there
        assertError(adminOther.get(templatesPath("other") + "/" + id), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(adminOther.patchJson(templatesPath("other") + "/" + id, "{\"active\":false}"), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertError(adminOther.delete(templatesPath("other") + "/" + id), 404, "SECURITY_TEMPLATE_NOT_FOUND");
        assertThat(adminOther.get(templatesPath("other")).json().path("security_templates").findValuesAsText("id")).doesNotContain(id);
        // still there, unchanged
        JsonNode t = p.admin.get(templatesPath("p") + "/" + id).json().path("security_template");
        assertThat(t.path("active").asBoolean()).isTrue();
        assertThat(t.path("version").asLong()).isEqualTo(1);
    }

    @Test
    void aSassKeyCannotManageAnything() {
        String id = template(p, "{\"permissions\":[\"all\"]}");
        String key = Sass.key(server, "p", id);
        Api sass = server.withKey(key);
        assertError(sass.get(templatesPath("p")), 403, "PERMISSION_DENIED");
        assertError(sass.postJson(templatesPath("p"), "{\"permissions\":[\"OBJECTS_LIST\"]}"), 403, "PERMISSION_DENIED");
        assertError(sass.patchJson(templatesPath("p") + "/" + id, "{\"active\":false}"), 403, "PERMISSION_DENIED");
        assertError(sass.delete(templatesPath("p") + "/" + id), 403, "PERMISSION_DENIED");
        assertError(sass.get("/admin/v1/keys"), 403, "PERMISSION_DENIED");
        assertError(sass.postJson("/admin/v1/keys", "{\"description\":\"x\",\"permissions\":\"all\",\"projects\":[\"p\"]}"),
                403, "PERMISSION_DENIED");
        assertError(sass.get("/admin/v1/projects"), 403, "PERMISSION_DENIED");
        assertError(sass.delete("/admin/v1/projects/p"), 403, "PERMISSION_DENIED");
        assertError(sass.postJson("/p/key", "{\"permissions\":[\"OBJECTS_LIST\"]}"), 403, "PERMISSION_DENIED");
        assertError(sass.delete("/admin/v1/projects/p/sass-keys/sk_000000000000000000000000"), 403, "PERMISSION_DENIED");
        // nothing changed: the template is still active and its key still works on the file API
        assertThat(p.admin.get(templatesPath("p") + "/" + id).json().path("security_template").path("active").asBoolean()).isTrue();
        assertThat(sass.in("p").get("/v5/files?folder=/").status()).isEqualTo(200);
        assertThat(server.allKey("p").in("p").get("/v5/files?folder=/").status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ the CLI

    static Run cli(Path dataDir, String... args) {
        return Cli.run(dataDir, args);
    }

    @Test
    void theCliCreatesListsDeactivatesAndDeletesTemplates() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-cli-templates");
        assertThat(cli(dir, "project", "create", "p").exit()).isZero();
        Path file = dir.resolve("template.json");
        Files.writeString(file, "{\"description\":\"from the cli\",\"permissions\":[\"OBJECTS_LIST\"],\"listing\":{\"dir_scope\":[\"/pub/*\"]}}");
        Run created = cli(dir, "template", "create", "--project", "p", "--file", file.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        String id = created.lastLine();
        assertThat(id).matches("SECU_[0-9A-F]{32}");

        Run list = cli(dir, "template", "list", "--project", "p");
        assertThat(list.exit()).as(list.err()).isZero();
        JsonNode listed = new ObjectMapper().readTree(list.lastLine());
        assertThat(listed.path("id").asText()).isEqualTo(id);
        assertThat(listed.path("description").asText()).isEqualTo("from the cli");

        // invalid files are refused naming the field; unknown projects too
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"permissions\":[\"OBJECTS_LIST\"],\"restrictions\":{\"whitelist_countries\":[\"ZZ\"]}}");
        Run refused = cli(dir, "template", "create", "--project", "p", "--file", bad.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("whitelist_countries");
        Run noProject = cli(dir, "template", "create", "--project", "nope", "--file", file.toString());
        assertThat(noProject.exit()).isEqualTo(1);
        assertThat(cli(dir, "template", "list", "--project", "p").out().strip().split("\n")).hasSize(1);

        String key;
        TestServer running = TestServer.startIn(dir);
        try {
            // a template the CLI created is exchanged by the server, also while both run
            JsonNode minted = Sass.minted(running, "p", id);
            assertThat(minted.path("list_scope").get(0).asText()).isEqualTo("/pub/*");
            key = minted.path("key").asText();
            assertThat(running.allKey("p").in("p").upload("/pub", "a.txt", "a").status()).isEqualTo(200);
            assertThat(running.withKey(key).in("p").get("/v5/files?folder=/pub").status()).isEqualTo(200);
        } finally {
            running.closeKeepingData();
        }

        Run deactivated = cli(dir, "template", "deactivate", id);
        assertThat(deactivated.exit()).as(deactivated.err()).isZero();
        running = TestServer.startIn(dir);
        try {
            assertError(Sass.exchange(running, "p", id), 403, "TEMPLATE_INACTIVE");
            assertError(running.withKey(key).in("p").get("/v5/files?folder=/pub"), 401, "UNAUTHORIZED");
        } finally {
            running.closeKeepingData();
        }

        Run deleted = cli(dir, "template", "delete", id);
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(cli(dir, "template", "list", "--project", "p").out()).doesNotContain(id);
        TestServer.dropCatalog(dir); // under postgres, this directory's schema
        assertThat(cli(dir, "template", "delete", id).exit()).isEqualTo(1);
        try (TestServer again = TestServer.startIn(dir)) {
            assertError(Sass.exchange(again, "p", id), 404, "SECURITY_TEMPLATE_NOT_FOUND");
            assertError(again.withKey(key).in("p").get("/v5/files?folder=/pub"), 401, "UNAUTHORIZED");
        }
    }
}
