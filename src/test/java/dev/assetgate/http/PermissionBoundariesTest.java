package dev.assetgate.http;

import static dev.assetgate.access.Permission.COLLECTIONS_LIST;
import static dev.assetgate.access.Permission.COLLECTIONS_MANAGE;
import static dev.assetgate.access.Permission.CONFIG_CHANGE;
import static dev.assetgate.access.Permission.CONFIG_LIST;
import static dev.assetgate.access.Permission.DIR_CREATE;
import static dev.assetgate.access.Permission.DIR_DELETE;
import static dev.assetgate.access.Permission.DIR_META_CHANGE;
import static dev.assetgate.access.Permission.DIR_MOVE;
import static dev.assetgate.access.Permission.DIR_RENAME;
import static dev.assetgate.access.Permission.DIR_SET_VISIBILITY;
import static dev.assetgate.access.Permission.FILE_DELETE;
import static dev.assetgate.access.Permission.FILE_LABEL_CHANGE;
import static dev.assetgate.access.Permission.FILE_META_CHANGE;
import static dev.assetgate.access.Permission.FILE_MOVE;
import static dev.assetgate.access.Permission.FILE_PRODUCT_CHANGE;
import static dev.assetgate.access.Permission.FILE_RENAME;
import static dev.assetgate.access.Permission.FILE_SET_VISIBILITY;
import static dev.assetgate.access.Permission.FILE_UPLOAD;
import static dev.assetgate.access.Permission.OBJECTS_APPROVAL_MANAGE;
import static dev.assetgate.access.Permission.OBJECTS_APPROVAL_VOTE;
import static dev.assetgate.access.Permission.LABELS_LIST;
import static dev.assetgate.access.Permission.LABEL_MANAGE;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static dev.assetgate.access.Permission.OBJECTS_SHARE_MANAGE;
import static dev.assetgate.access.Permission.OBJECTS_AIRBOX_MANAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.assetgate.access.Count;
import dev.assetgate.access.Permission;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The permission boundary of every project route, table-driven: for each route, each key that holds
 * every permission except one the route needs is refused with 403 PERMISSION_DENIED and changes
 * nothing (the whole project, the blob store and the upload spool are compared before and after),
 * and a key holding exactly what the route needs succeeds. Every case runs on v4 and v5, each in a
 * fresh project. A coverage test fails when a project route is registered without a case here.
 *
 * <p>The same table drives the other two restrictions per route, with SASS keys holding exactly the
 * route's permissions: its counting (a key with {@code listing.max} and {@code upload.max} 0 is
 * refused by exactly the routes that count, and changes nothing) and its folder scope (a key whose
 * scopes hold none of the fixture's folders is refused by every route that touches one). Another
 * coverage test reads what each route declared at registration.
 */
@WithServer
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "100000")
@Tag("slow")
class PermissionBoundariesTest {
    static TestServer server;
    static HttpServer origin;
    static int projects;

    @BeforeAll
    static void start(TestServer started) throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/remote.txt", exchange -> {
            byte[] body = "remote".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        origin.start();
        // URL uploads may reach the loopback origin above; nothing else changes from the defaults.
        server = started;
    }

    @AfterAll
    static void stop() {
        origin.stop(0);
    }

    // ------------------------------------------------------------------ the table

    /** What a route demands: all of the permissions, or any one of them. */
    record Required(boolean any, Set<Permission> permissions) {
        static Required all(Permission... p) {
            return new Required(false, EnumSet.copyOf(List.of(p)));
        }

        static Required anyOf(Permission... p) {
            return new Required(true, EnumSet.copyOf(List.of(p)));
        }
    }

    interface Call {
        Api.Response send(Api api, String version, Fixture f);
    }

    interface Effect {
        void verify(Api.Response response, Fixture f);
    }

    /** One route (or one body of an overloaded route), what it needs, and how to see that it worked. */
    record Case(String route, String variant, Required required, Call call, Effect effect) {
        @Override
        public String toString() {
            return route + (variant.isEmpty() ? "" : " (" + variant + ")");
        }
    }

    static final String META_BODY = "{\"meta\":{\"k\":\"v\"}}";

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // ---- files
        cases.add(new Case("GET /files", "", Required.all(OBJECTS_LIST),
                (api, v, f) -> api.get("/" + v + "/files?folder=/docs"),
                (r, f) -> assertThat(names(r.json().path("files"))).contains("f.txt")));
        cases.add(new Case("GET /files/stats", "", Required.all(OBJECTS_LIST),
                (api, v, f) -> api.get("/" + v + "/files/stats?folder=/docs"),
                (r, f) -> assertThat(r.json().path("stats").path("approx_files_count").asLong()).isEqualTo(2)));
        cases.add(new Case("POST /files/move", "", Required.all(FILE_MOVE),
                (api, v, f) -> api.postJson("/" + v + "/files/move", moveFiles(f)),
                (r, f) -> assertThat(f.file().path("folder").path("name").asText()).isEqualTo("/moved")));
        cases.add(new Case("DELETE /files", "", Required.all(FILE_DELETE, OBJECTS_FETCH),
                (api, v, f) -> api.deleteJson("/" + v + "/files", "{\"files_uuids\":[\"" + f.fileUuid + "\"]}"),
                (r, f) -> assertThat(f.admin.get("/v5/files/" + f.fileUuid).status()).isEqualTo(404)));
        cases.add(new Case("GET /files/{uuid}/changes", "", Required.all(OBJECTS_FETCH),
                (api, v, f) -> api.get("/" + v + "/files/" + f.fileUuid + "/changes"),
                (r, f) -> assertThat(r.json().path("changes").path(0).path("kind").asText()).startsWith("file.")));
        for (String p : List.of("/files/{uuid}", "/file/{uuid}")) {
            String s = p.substring(0, p.indexOf('{'));
            cases.add(new Case("GET " + p, "", Required.all(OBJECTS_FETCH),
                    (api, v, f) -> api.get("/" + v + s + f.fileUuid),
                    (r, f) -> assertThat(r.json().path("file").path("uuid").asText()).isEqualTo(f.fileUuid)));
            cases.add(new Case("GET " + p + "/permissions", "", Required.anyOf(OBJECTS_LIST, OBJECTS_FETCH),
                    (api, v, f) -> api.get("/" + v + s + f.fileUuid + "/permissions"),
                    (r, f) -> assertThat(texts(r.json().path("permissions"))).isNotEmpty()
                            .isSubsetOf(OBJECTS_LIST.name(), OBJECTS_FETCH.name())));
            cases.add(new Case("PATCH " + p, "", Required.all(FILE_RENAME),
                    (api, v, f) -> api.patchJson("/" + v + s + f.fileUuid, "{\"name\":\"renamed.txt\"}"),
                    (r, f) -> assertThat(f.file().path("name").asText()).isEqualTo("renamed.txt")));
            cases.add(new Case("PUT " + p + "/name", "", Required.all(FILE_RENAME),
                    (api, v, f) -> api.putJson("/" + v + s + f.fileUuid + "/name", "{\"name\":\"renamed.txt\"}"),
                    (r, f) -> assertThat(f.file().path("name").asText()).isEqualTo("renamed.txt")));
            cases.add(new Case("DELETE " + p, "", Required.all(FILE_DELETE),
                    (api, v, f) -> api.delete("/" + v + s + f.fileUuid),
                    (r, f) -> assertThat(f.admin.get("/v5/files/" + f.fileUuid).status()).isEqualTo(404)));
            cases.add(new Case("PUT " + p + "/meta", "", Required.all(FILE_META_CHANGE),
                    (api, v, f) -> api.putJson("/" + v + s + f.fileUuid + "/meta", META_BODY),
                    (r, f) -> assertThat(f.file().path("meta").path("k").asText()).isEqualTo("v")));
            cases.add(new Case("PATCH " + p + "/meta", "", Required.all(FILE_META_CHANGE),
                    (api, v, f) -> api.patchJson("/" + v + s + f.fileUuid + "/meta", META_BODY),
                    (r, f) -> assertThat(f.file().path("meta").path("k").asText()).isEqualTo("v")));
            cases.add(new Case("PUT " + p + "/tags", "", Required.all(FILE_META_CHANGE),
                    (api, v, f) -> api.putJson("/" + v + s + f.fileUuid + "/tags",
                            "{\"lang\":\"en\",\"existing_tags\":[],\"new_tags\":[\"fresh\"]}"),
                    (r, f) -> assertThat(f.file().path("tags").path("en").path(0).path("label").asText()).isEqualTo("fresh")));
            cases.add(new Case("PUT " + p + "/folders/{folder_uuid}", "", Required.all(FILE_MOVE),
                    (api, v, f) -> api.putJson("/" + v + s + f.fileUuid + "/folders/" + f.destUuid, "{}"),
                    (r, f) -> assertThat(f.file().path("folder").path("uuid").asText()).isEqualTo(f.destUuid)));
            cases.add(new Case("GET " + p + "/versions", "", Required.all(OBJECTS_FETCH),
                    (api, v, f) -> api.get("/" + v + s + f.versionedUuid + "/versions"),
                    (r, f) -> assertThat(r.json().path("versions").findValuesAsText("uuid")).containsExactly(f.versionedUuid, f.versionUuid)));
            cases.add(new Case("PUT " + p + "/versions", "restore", Required.all(FILE_UPLOAD),
                    (api, v, f) -> api.putJson("/" + v + s + f.versionUuid + "/versions", "{}"),
                    (r, f) -> assertThat(f.admin.get("/v5/files/" + f.versionedUuid).json().path("file").path("size").path("bytes").asLong())
                            .as("the first content is back").isEqualTo(3)));
        }
        // ---- uploads, including the overloaded POST files / POST upload
        for (String path : List.of("/files", "/upload")) {
            cases.add(new Case("POST " + path, "multipart upload", Required.all(FILE_UPLOAD),
                    (api, v, f) -> api.multipart("/" + v + path + "?folder=/docs", new Api.Multipart()
                            .file("files[]", "up.txt", "text/plain", "up".getBytes(StandardCharsets.UTF_8))),
                    (r, f) -> assertThat(f.namesIn("/docs")).contains("up.txt")));
            cases.add(new Case("POST " + path, "JSON move body", Required.all(FILE_MOVE),
                    (api, v, f) -> api.postJson("/" + v + path, moveFiles(f)),
                    (r, f) -> assertThat(f.file().path("folder").path("name").asText()).isEqualTo("/moved")));
            cases.add(new Case("POST " + path, "JSON base64 upload", Required.all(FILE_UPLOAD),
                    (api, v, f) -> api.postJson("/" + v + path + "?folder=/docs", "{\"name\":\"b64.txt\",\"data\":\"aGk=\"}"),
                    (r, f) -> assertThat(f.namesIn("/docs")).contains("b64.txt")));
            cases.add(new Case("POST " + path, "JSON files_urls upload", Required.all(FILE_UPLOAD),
                    (api, v, f) -> api.postJson("/" + v + path + "?folder=/docs",
                            "{\"files_urls\":[{\"url\":\"" + remoteUrl() + "\",\"name\":\"url.txt\"}]}"),
                    (r, f) -> assertThat(f.namesIn("/docs")).contains("url.txt")));
        }
        cases.add(new Case("POST /files/upload_url", "", Required.all(FILE_UPLOAD),
                (api, v, f) -> api.postJson("/" + v + "/files/upload_url",
                        "{\"files_urls\":[{\"url\":\"" + remoteUrl() + "\",\"name\":\"url.txt\"}],\"dir\":\"/docs\"}"),
                (r, f) -> assertThat(f.namesIn("/docs")).contains("url.txt")));
        cases.add(new Case("PUT /files", "stream upload", Required.all(FILE_UPLOAD),
                (api, v, f) -> api.putBytes("/" + v + "/files?folder=/docs&filename=s.txt",
                        "stream".getBytes(StandardCharsets.UTF_8), "application/octet-stream"),
                (r, f) -> assertThat(f.namesIn("/docs")).contains("s.txt")));
        cases.add(new Case("POST /upload-policies", "", Required.all(FILE_UPLOAD),
                (api, v, f) -> api.postJson("/" + v + "/upload-policies", "{\"folder\":\"/docs\",\"max_bytes\":100}"),
                (r, f) -> assertThat(r.json().path("upload_policy").path("token").asText()).startsWith("UPOL__v1.")));
        // ---- folders
        cases.add(new Case("GET /folders", "", Required.anyOf(OBJECTS_LIST, OBJECTS_FETCH),
                (api, v, f) -> api.get("/" + v + "/folders?folder=/docs"),
                (r, f) -> assertThat(r.json().path("folders").findValuesAsText("uuid")).contains(f.subUuid)));
        cases.add(new Case("GET /folders/stats", "", Required.anyOf(OBJECTS_LIST, OBJECTS_FETCH),
                (api, v, f) -> api.get("/" + v + "/folders/stats?folder=/docs"),
                (r, f) -> assertThat(r.json().path("stats").path("approx_folders_count").asLong()).isEqualTo(1)));
        cases.add(new Case("POST /folders", "create body {name}", Required.all(DIR_CREATE),
                (api, v, f) -> api.postJson("/" + v + "/folders", "{\"name\":\"/created\"}"),
                (r, f) -> assertThat(f.admin.get("/v5/folders?folder=/created").status()).isEqualTo(200)));
        cases.add(new Case("POST /folders", "move body {folders_uuids,new_folder_name}", Required.all(DIR_MOVE),
                (api, v, f) -> api.postJson("/" + v + "/folders", moveFolders(f)),
                (r, f) -> assertThat(f.folder(f.subUuid).path("path").asText()).isEqualTo("/dest/sub")));
        cases.add(new Case("POST /folders/move", "", Required.all(DIR_MOVE),
                (api, v, f) -> api.postJson("/" + v + "/folders/move", moveFolders(f)),
                (r, f) -> assertThat(f.folder(f.subUuid).path("path").asText()).isEqualTo("/dest/sub")));
        cases.add(new Case("POST /folders/previews", "", Required.all(OBJECTS_LIST),
                (api, v, f) -> api.postJson("/" + v + "/folders/previews", "{\"folders\":[\"" + f.docsUuid + "\"]}"),
                (r, f) -> assertThat(r.json().path("folders").path(f.docsUuid).path(0).path("file_uuid").asText())
                        .isEqualTo(f.imageUuid)));
        cases.add(new Case("DELETE /folders", "", Required.all(DIR_DELETE, OBJECTS_FETCH),
                (api, v, f) -> api.deleteJson("/" + v + "/folders", "{\"folders_uuids\":[\"" + f.subUuid + "\"]}"),
                (r, f) -> assertThat(f.admin.get("/v5/folders/" + f.subUuid).status()).isEqualTo(404)));
        cases.add(new Case("GET /metadata/autocomplete", "", Required.all(OBJECTS_LIST),
                (api, v, f) -> api.get("/" + v + "/metadata/autocomplete?q=se&meta_key=_k"),
                (r, f) -> assertThat(r.json().path("tags").isArray()).isTrue()));
        // ---- a mixed selection (v5 only)
        cases.add(new Case("POST /objects/move", "files_uuids", Required.all(FILE_MOVE),
                (api, v, f) -> api.postJson("/" + v + "/objects/move", moveFiles(f)),
                (r, f) -> assertThat(f.file().path("folder").path("name").asText()).isEqualTo("/moved")));
        cases.add(new Case("POST /objects/move", "both lists", Required.all(FILE_MOVE, DIR_MOVE),
                (api, v, f) -> api.postJson("/" + v + "/objects/move", "{\"files_uuids\":[\"" + f.fileUuid
                        + "\"],\"folders_uuids\":[\"" + f.subUuid + "\"],\"new_folder_name\":\"/dest\"}"),
                (r, f) -> {
                    assertThat(f.file().path("folder").path("name").asText()).isEqualTo("/dest");
                    assertThat(f.folder(f.subUuid).path("path").asText()).isEqualTo("/dest/sub");
                }));
        cases.add(new Case("DELETE /objects", "folders_uuids", Required.all(DIR_DELETE, OBJECTS_FETCH),
                (api, v, f) -> api.deleteJson("/" + v + "/objects", "{\"folders_uuids\":[\"" + f.subUuid + "\"]}"),
                (r, f) -> assertThat(f.admin.get("/v5/folders/" + f.subUuid).status()).isEqualTo(404)));
        cases.add(new Case("DELETE /objects", "both lists", Required.all(FILE_DELETE, DIR_DELETE, OBJECTS_FETCH),
                (api, v, f) -> api.deleteJson("/" + v + "/objects", "{\"files_uuids\":[\"" + f.fileUuid
                        + "\"],\"folders_uuids\":[\"" + f.subUuid + "\"]}"),
                (r, f) -> {
                    assertThat(f.admin.get("/v5/files/" + f.fileUuid).status()).isEqualTo(404);
                    assertThat(f.admin.get("/v5/folders/" + f.subUuid).status()).isEqualTo(404);
                }));
        for (String p : List.of("/folders/{uuid}", "/folder/{uuid}")) {
            String s = p.substring(0, p.indexOf('{'));
            cases.add(new Case("GET " + p, "", Required.all(OBJECTS_FETCH),
                    (api, v, f) -> api.get("/" + v + s + f.subUuid),
                    (r, f) -> assertThat(r.json().path("folder").path("uuid").asText()).isEqualTo(f.subUuid)));
            cases.add(new Case("GET " + p + "/permissions", "", Required.anyOf(OBJECTS_LIST, OBJECTS_FETCH),
                    (api, v, f) -> api.get("/" + v + s + f.subUuid + "/permissions"),
                    (r, f) -> assertThat(texts(r.json().path("permissions"))).isNotEmpty()
                            .isSubsetOf(OBJECTS_LIST.name(), OBJECTS_FETCH.name())));
            cases.add(new Case("PATCH " + p, "", Required.all(DIR_RENAME),
                    (api, v, f) -> api.patchJson("/" + v + s + f.subUuid, "{\"name\":\"renamed\"}"),
                    (r, f) -> assertThat(f.folder(f.subUuid).path("path").asText()).isEqualTo("/docs/renamed")));
            cases.add(new Case("PUT " + p + "/name", "", Required.all(DIR_RENAME),
                    (api, v, f) -> api.putJson("/" + v + s + f.subUuid + "/name", "{\"name\":\"renamed\"}"),
                    (r, f) -> assertThat(f.folder(f.subUuid).path("path").asText()).isEqualTo("/docs/renamed")));
            cases.add(new Case("PUT " + p + "/folders/{destination_uuid}", "", Required.all(DIR_MOVE),
                    (api, v, f) -> api.putJson("/" + v + s + f.subUuid + "/folders/" + f.destUuid, "{}"),
                    (r, f) -> assertThat(f.folder(f.subUuid).path("path").asText()).isEqualTo("/dest/sub")));
            cases.add(new Case("DELETE " + p, "", Required.all(DIR_DELETE),
                    (api, v, f) -> api.delete("/" + v + s + f.subUuid),
                    (r, f) -> assertThat(f.admin.get("/v5/folders/" + f.subUuid).status()).isEqualTo(404)));
        }
        // ---- ZIP archives (v5 only): an archive is read by the key that asked for it, so each call asks first
        cases.add(new Case("POST /file-archive", "", Required.all(OBJECTS_FETCH),
                (api, v, f) -> settledArchive(api, v, f),
                (r, f) -> assertThat(r.json().path("task_status").asText()).isEqualTo("DONE")));
        cases.add(new Case("GET /file-archive/{task_id}", "", Required.all(OBJECTS_FETCH),
                (api, v, f) -> api.get("/" + v + "/file-archive/" + taskId(settledArchive(api, v, f))),
                (r, f) -> assertThat(r.header("Content-Type")).startsWith("application/zip")));
        cases.add(new Case("PATCH /file-archive/{task_id}/cancel", "", Required.all(OBJECTS_FETCH),
                (api, v, f) -> api.patchJson("/" + v + "/file-archive/" + taskId(settledArchive(api, v, f)) + "/cancel", ""),
                (r, f) -> assertThat(r.json().path("task_status").asText()).isEqualTo("CANCELLED")));
        // ---- approvals (the fixture holds one PENDING request on f.txt, approver alice@example.com, rule all)
        cases.add(new Case("POST /approvals", "", Required.all(OBJECTS_APPROVAL_MANAGE),
                (api, v, f) -> api.postJson("/" + v + "/approvals",
                        "{\"files_uuids\":[\"" + f.fileUuid + "\"],\"approvers\":[\"bob@example.com\"]}"),
                (r, f) -> assertThat(f.file().path("approval").path("approval_uuid").asText())
                        .isEqualTo(r.json().path("approval").path("uuid").asText()).isNotEqualTo(f.approvalUuid())));
        cases.add(new Case("GET /approvals", "", Required.anyOf(OBJECTS_APPROVAL_MANAGE, OBJECTS_APPROVAL_VOTE),
                (api, v, f) -> api.get("/" + v + "/approvals"),
                (r, f) -> assertThat(r.json().path("approvals").path(0).path("uuid").asText()).isEqualTo(f.approvalUuid())));
        cases.add(new Case("GET /approvals/{uuid}", "", Required.anyOf(OBJECTS_APPROVAL_MANAGE, OBJECTS_APPROVAL_VOTE),
                (api, v, f) -> api.get("/" + v + "/approvals/" + f.approvalUuid()),
                (r, f) -> assertThat(r.json().path("approval").path("files_uuids").path(0).asText()).isEqualTo(f.fileUuid)));
        cases.add(new Case("POST /approvals/{uuid}/votes", "", Required.all(OBJECTS_APPROVAL_VOTE),
                (api, v, f) -> api.postJson("/" + v + "/approvals/" + f.approvalUuid() + "/votes",
                        "{\"approver\":\"alice@example.com\",\"decision\":\"approve\"}"),
                (r, f) -> assertThat(f.file().path("approval").path("status").asText()).isEqualTo("APPROVED")));
        cases.add(new Case("POST /approvals/{uuid}/cancel", "", Required.all(OBJECTS_APPROVAL_MANAGE),
                (api, v, f) -> api.postJson("/" + v + "/approvals/" + f.approvalUuid() + "/cancel", ""),
                (r, f) -> assertThat(f.file().path("approval").path("status").asText()).isEqualTo("CANCELLED")));
        // ---- labels (L1 is on f.txt, L2 on nothing)
        cases.add(new Case("GET /labels", "", Required.all(LABELS_LIST),
                (api, v, f) -> api.get("/" + v + "/labels"),
                (r, f) -> assertThat(r.json().path("labels").findValuesAsText("name")).containsExactly("L1", "L2")));
        cases.add(new Case("GET /labels/{uuid}", "", Required.all(LABELS_LIST),
                (api, v, f) -> api.get("/" + v + "/labels/" + f.labelUuid),
                (r, f) -> assertThat(r.json().path("label").path("assets_count").asLong()).isEqualTo(1)));
        cases.add(new Case("POST /labels", "", Required.all(LABEL_MANAGE),
                (api, v, f) -> api.postJson("/" + v + "/labels", "{\"label\":{\"name\":\"Fresh\"}}"),
                (r, f) -> assertThat(f.labelNames()).contains("Fresh")));
        cases.add(new Case("PUT /labels/{uuid}", "", Required.all(LABEL_MANAGE),
                (api, v, f) -> api.putJson("/" + v + "/labels/" + f.freeLabelUuid, "{\"label\":{\"name\":\"Renamed\"}}"),
                (r, f) -> assertThat(f.labelNames()).containsExactly("L1", "Renamed")));
        cases.add(new Case("DELETE /labels", "", Required.all(LABEL_MANAGE),
                (api, v, f) -> api.deleteJson("/" + v + "/labels", "{\"labels\":[\"" + f.labelUuid + "\"]}"),
                (r, f) -> assertThat(f.labelNames()).containsExactly("L2")));
        cases.add(new Case("DELETE /labels/{uuid}", "", Required.all(LABEL_MANAGE),
                (api, v, f) -> api.delete("/" + v + "/labels/" + f.labelUuid),
                (r, f) -> assertThat(f.file().path("labels")).isEmpty()));
        cases.add(new Case("POST /files/{uuid}/labels", "", Required.all(FILE_LABEL_CHANGE),
                (api, v, f) -> api.postJson("/" + v + "/files/" + f.fileUuid + "/labels", "{\"labels\":[\"" + f.freeLabelSid + "\"]}"),
                (r, f) -> assertThat(texts(f.file().path("labels"))).hasSize(2).contains(f.freeLabelSid)));
        cases.add(new Case("DELETE /files/{uuid}/labels", "", Required.all(FILE_LABEL_CHANGE),
                (api, v, f) -> api.deleteJson("/" + v + "/files/" + f.fileUuid + "/labels", "{\"labels\":[\"" + f.labelSid + "\"]}"),
                (r, f) -> assertThat(f.file().path("labels")).isEmpty()));
        cases.add(new Case("POST /files/labels", "", Required.all(FILE_LABEL_CHANGE),
                (api, v, f) -> api.postJson("/" + v + "/files/labels",
                        "{\"labels\":[\"" + f.freeLabelSid + "\"],\"files_uuids\":[\"" + f.fileUuid + "\",\"" + f.imageUuid + "\"]}"),
                (r, f) -> assertThat(r.json().path("files")).hasSize(2)
                        .allSatisfy(file -> assertThat(texts(file.path("labels"))).contains(f.freeLabelSid))));
        cases.add(new Case("DELETE /files/labels", "", Required.all(FILE_LABEL_CHANGE),
                (api, v, f) -> api.deleteJson("/" + v + "/files/labels",
                        "{\"labels\":[\"" + f.labelSid + "\"],\"files_uuids\":[\"" + f.fileUuid + "\"]}"),
                (r, f) -> assertThat(f.file().path("labels")).isEmpty()));
        // ---- collections (one over /docs)
        cases.add(new Case("GET /collections", "", Required.all(COLLECTIONS_LIST),
                (api, v, f) -> api.get("/" + v + "/collections"),
                (r, f) -> assertThat(r.json().path("collections").findValuesAsText("uuid")).containsExactly(f.collectionUuid)));
        cases.add(new Case("GET /collections/{uuid}", "", Required.all(COLLECTIONS_LIST),
                (api, v, f) -> api.get("/" + v + "/collections/" + f.collectionUuid),
                (r, f) -> assertThat(r.json().path("collection").path("title").asText()).isEqualTo("Docs")));
        cases.add(new Case("GET /collections/{uuid}/folders", "", Required.all(COLLECTIONS_LIST),
                (api, v, f) -> api.get("/" + v + "/collections/" + f.collectionUuid + "/folders"),
                (r, f) -> assertThat(r.json().path("folders").path(0).path("filters").asText()).isNotEmpty()));
        cases.add(new Case("POST /collections", "", Required.all(COLLECTIONS_MANAGE),
                (api, v, f) -> api.postJson("/" + v + "/collections", "{\"title\":\"New\"}"),
                (r, f) -> assertThat(f.collectionTitles()).containsExactly("Docs", "New")));
        cases.add(new Case("PUT /collections/{uuid}", "", Required.all(COLLECTIONS_MANAGE),
                (api, v, f) -> api.putJson("/" + v + "/collections/" + f.collectionUuid, "{\"title\":\"Renamed\"}"),
                (r, f) -> assertThat(f.collectionTitles()).containsExactly("Renamed")));
        cases.add(new Case("DELETE /collections", "", Required.all(COLLECTIONS_MANAGE),
                (api, v, f) -> api.deleteJson("/" + v + "/collections", "{\"collections_uuids\":[\"" + f.collectionUuid + "\"]}"),
                (r, f) -> assertThat(f.collectionTitles()).isEmpty()));
        cases.add(new Case("DELETE /collections/{uuid}", "", Required.all(COLLECTIONS_MANAGE),
                (api, v, f) -> api.delete("/" + v + "/collections/" + f.collectionUuid),
                (r, f) -> assertThat(f.collectionTitles()).isEmpty()));
        cases.add(new Case("GET /files", "collection_uuid", Required.all(OBJECTS_LIST, COLLECTIONS_LIST),
                (api, v, f) -> api.get("/" + v + "/files?collection_uuid=" + f.collectionUuid),
                (r, f) -> assertThat(names(r.json().path("files"))).containsExactlyInAnyOrder("f.txt", "p.png", "inner.txt")));
        cases.add(new Case("GET /files/stats", "collection_uuid", Required.all(OBJECTS_LIST, COLLECTIONS_LIST),
                (api, v, f) -> api.get("/" + v + "/files/stats?collection_uuid=" + f.collectionUuid),
                (r, f) -> assertThat(r.json().path("stats").path("approx_files_count").asLong()).isEqualTo(3)));
        // ---- folder metadata
        for (String p : List.of("/folders/{uuid}", "/folder/{uuid}")) {
            String s = p.substring(0, p.indexOf('{'));
            cases.add(new Case("PUT " + p + "/meta", "", Required.all(DIR_META_CHANGE),
                    (api, v, f) -> api.putJson("/" + v + s + f.subUuid + "/meta", META_BODY),
                    (r, f) -> assertThat(f.folder(f.subUuid).path("meta").path("k").asText()).isEqualTo("v")));
            cases.add(new Case("DELETE " + p + "/meta", "", Required.all(DIR_META_CHANGE),
                    (api, v, f) -> api.delete("/" + v + s + f.subUuid + "/meta"),
                    (r, f) -> assertThat(f.folder(f.subUuid).path("meta")).isEmpty()));
            cases.add(new Case("PUT " + p + "/meta/{key}/{value}", "", Required.all(DIR_META_CHANGE),
                    (api, v, f) -> api.putJson("/" + v + s + f.subUuid + "/meta/k/changed", ""),
                    (r, f) -> assertThat(f.folder(f.subUuid).path("meta").path("k").asText()).isEqualTo("changed")));
        }
        // ---- bulk metadata edit and CSV (the second step is taken with the same key, after the first)
        String bulkBody = "{\"bulk\":{\"target\":{\"files_uuids\":[\"%s\"]},\"changes\":[{\"type\":\"meta.replace\",\"key\":\"k\",\"value\":\"bulk\"}]}}";
        cases.add(new Case("PUT /bulk/prepare", "", Required.all(FILE_META_CHANGE),
                (api, v, f) -> api.putJson("/" + v + "/bulk/prepare", bulkBody.formatted(f.fileUuid)),
                (r, f) -> assertThat(r.json().path("bulk_uuid").asText()).isNotEmpty()));
        cases.add(new Case("POST /bulk/{bulk_uuid}/apply", "", Required.all(FILE_META_CHANGE),
                (api, v, f) -> {
                    String bulk = api.putJson("/" + v + "/bulk/prepare", bulkBody.formatted(f.fileUuid)).json().path("bulk_uuid").asText();
                    return api.postJson("/" + v + "/bulk/" + (bulk.isEmpty() ? "none" : bulk) + "/apply", "{}");
                },
                (r, f) -> assertThat(f.file().path("meta").path("k").asText()).isEqualTo("bulk")));
        cases.add(new Case("POST /objects/export-csv", "", Required.all(OBJECTS_LIST),
                (api, v, f) -> api.postJson("/" + v + "/objects/export-csv", "{\"files_uuids\":[\"" + f.fileUuid + "\"]}"),
                (r, f) -> assertThat(r.text()).contains("f.txt")));
        cases.add(new Case("POST /edit/assets", "", Required.all(FILE_META_CHANGE),
                (api, v, f) -> importCsv(api, v, f),
                (r, f) -> assertThat(f.file().path("meta").path("k").asText()).isEqualTo("csv")));
        // ---- products
        for (String p : List.of("/file/{uuid}", "/files/{uuid}")) {
            String s = p.substring(0, p.indexOf('{'));
            cases.add(new Case("PUT " + p + "/product", "", Required.all(FILE_PRODUCT_CHANGE),
                    (api, v, f) -> api.putJson("/" + v + s + f.fileUuid + "/product", "{\"product\":{\"ref\":\"SKU-1\",\"position\":2}}"),
                    (r, f) -> assertThat(f.file().path("product").path("ref").asText()).isEqualTo("SKU-1")));
        }
        cases.add(new Case("GET /products", "", Required.all(OBJECTS_LIST),
                (api, v, f) -> api.get("/" + v + "/products?q=" + Api.enc("reference~^sku")),
                (r, f) -> assertThat(r.json().path("products").isArray()).isTrue()));
        cases.add(new Case("GET /product/{ref}/images", "", Required.all(OBJECTS_LIST),
                (api, v, f) -> api.get("/" + v + "/product/SKU-1/images"),
                (r, f) -> assertThat(r.json().path("images").isArray()).isTrue()));
        cases.add(new Case("GET /product/{ref}/files", "", Required.all(OBJECTS_LIST),
                (api, v, f) -> api.get("/" + v + "/product/SKU-1/files"),
                (r, f) -> assertThat(r.json().path("files").isArray()).isTrue()));
        cases.add(new Case("GET /edit/assets/{task_id}", "", Required.all(FILE_META_CHANGE),
                (api, v, f) -> {
                    String task = importCsv(api, v, f).json().path("task_id").asText();
                    return api.get("/" + v + "/edit/assets/" + (task.isEmpty() ? "none" : task));
                },
                (r, f) -> assertThat(r.json().path("task_status").asText()).isEqualTo("DONE")));
        // ---- metadata model
        cases.add(new Case("GET /meta/model/fields", "", Required.all(CONFIG_LIST),
                (api, v, f) -> api.get("/" + v + "/meta/model/fields"),
                (r, f) -> assertThat(r.json().path("fields").findValuesAsText("key")).contains("k", "color")));
        cases.add(new Case("POST /meta/model/fields", "", Required.all(CONFIG_CHANGE),
                (api, v, f) -> api.postJson("/" + v + "/meta/model/fields", "{\"key\":\"created\",\"label\":\"Created\",\"type\":\"text\"}"),
                (r, f) -> assertThat(f.model().findValuesAsText("key")).contains("created")));
        cases.add(new Case("GET /meta/model/fields/{uuid}", "", Required.all(CONFIG_LIST),
                (api, v, f) -> api.get("/" + v + "/meta/model/fields/" + f.fieldUuid),
                (r, f) -> assertThat(r.json().path("field").path("key").asText()).isEqualTo("color")));
        cases.add(new Case("PUT /meta/model/fields/{uuid}", "", Required.all(CONFIG_CHANGE),
                (api, v, f) -> api.putJson("/" + v + "/meta/model/fields/" + f.fieldUuid, "{\"label\":\"Hue\"}"),
                (r, f) -> assertThat(f.model().findValuesAsText("label")).contains("Hue")));
        cases.add(new Case("DELETE /meta/model/fields/{uuid}", "", Required.all(CONFIG_CHANGE),
                (api, v, f) -> api.delete("/" + v + "/meta/model/fields/" + f.fieldUuid),
                (r, f) -> assertThat(f.model().findValuesAsText("key")).containsExactly("k")));
        cases.add(new Case("POST /meta/model/fields/{uuid}/options", "", Required.all(CONFIG_CHANGE),
                (api, v, f) -> api.postJson("/" + v + "/meta/model/fields/" + f.fieldUuid + "/options",
                        "{\"options\":[{\"api_slug\":\"blue\",\"label\":\"Blue\"}]}"),
                (r, f) -> assertThat(f.model().findValuesAsText("api_slug")).contains("red", "blue")));
        // ---- delivery
        cases.add(new Case("GET /get/{uuid}", "", Required.all(OBJECTS_FETCH),
                (api, v, f) -> api.get("/" + v + "/get/" + f.fileUuid),
                (r, f) -> assertThat(r.text()).isEqualTo("hello")));
        cases.add(new Case("HEAD /get/{uuid}", "", Required.all(OBJECTS_FETCH),
                (api, v, f) -> api.head("/" + v + "/get/" + f.fileUuid),
                (r, f) -> assertThat(r.header("Content-Length")).isEqualTo("5")));
        // ---- airboxes (an Airbox hands out uploads into its folder, so its folder must be in the caller's upload scope)
        cases.add(new Case("POST /airboxes", "", Required.all(OBJECTS_AIRBOX_MANAGE),
                (api, v, f) -> api.postJson("/" + v + "/airboxes", "{\"folder\":\"/docs\",\"title\":\"new\"}"),
                (r, f) -> assertThat(f.admin.get("/v5/airboxes").json().path("airboxes").findValuesAsText("title")).contains("new")));
        cases.add(new Case("GET /airboxes", "", Required.all(OBJECTS_AIRBOX_MANAGE),
                (api, v, f) -> api.get("/" + v + "/airboxes"),
                (r, f) -> assertThat(r.json().path("airboxes").findValuesAsText("uuid")).containsExactly(f.airboxUuid)));
        cases.add(new Case("GET /airboxes/{uuid}", "", Required.all(OBJECTS_AIRBOX_MANAGE),
                (api, v, f) -> api.get("/" + v + "/airboxes/" + f.airboxUuid),
                (r, f) -> assertThat(r.json().path("airbox").path("uuid").asText()).isEqualTo(f.airboxUuid)));
        cases.add(new Case("PUT /airboxes/{uuid}", "", Required.all(OBJECTS_AIRBOX_MANAGE),
                (api, v, f) -> api.putJson("/" + v + "/airboxes/" + f.airboxUuid, "{\"title\":\"renamed\"}"),
                (r, f) -> assertThat(f.admin.get("/v5/airboxes/" + f.airboxUuid).json().path("airbox").path("title").asText()).isEqualTo("renamed")));
        cases.add(new Case("DELETE /airboxes/{uuid}", "", Required.all(OBJECTS_AIRBOX_MANAGE),
                (api, v, f) -> api.delete("/" + v + "/airboxes/" + f.airboxUuid),
                (r, f) -> assertThat(f.admin.get("/v5/airboxes/" + f.airboxUuid).status()).isEqualTo(404)));
        // ---- shareboxes (v5 only: /v4/share/{puid} is the public read); sharing hands out bytes, so it needs OBJECTS_FETCH too
        cases.add(new Case("POST /shares", "", Required.all(OBJECTS_SHARE_MANAGE, OBJECTS_FETCH),
                (api, v, f) -> api.postJson("/" + v + "/shares", "{\"title\":\"new\",\"items\":[{\"type\":\"file_uuid\",\"identifiers\":[\""
                        + f.fileUuid + "\"]}]}"),
                (r, f) -> assertThat(f.admin.get("/v5/shares").json().path("shares").findValuesAsText("title")).contains("new")));
        cases.add(new Case("GET /shares", "", Required.all(OBJECTS_SHARE_MANAGE),
                (api, v, f) -> api.get("/" + v + "/shares"),
                (r, f) -> assertThat(r.json().path("shares").findValuesAsText("uuid")).containsExactly(f.shareUuid)));
        cases.add(new Case("GET /share/{uuid}", "", Required.all(OBJECTS_SHARE_MANAGE),
                (api, v, f) -> api.get("/" + v + "/share/" + f.shareUuid),
                (r, f) -> assertThat(r.json().path("share").path("uuid").asText()).isEqualTo(f.shareUuid)));
        cases.add(new Case("PUT /share/{uuid}", "", Required.all(OBJECTS_SHARE_MANAGE, OBJECTS_FETCH),
                (api, v, f) -> api.putJson("/" + v + "/share/" + f.shareUuid, "{\"title\":\"renamed\"}"),
                (r, f) -> assertThat(f.admin.get("/v5/share/" + f.shareUuid).json().path("share").path("title").asText()).isEqualTo("renamed")));
        for (String p : List.of("/share/{uuid}", "/shares/{uuid}")) {
            String s = p.substring(0, p.indexOf('{'));
            cases.add(new Case("DELETE " + p, "", Required.all(OBJECTS_SHARE_MANAGE),
                    (api, v, f) -> api.delete("/" + v + s + f.shareUuid),
                    (r, f) -> assertThat(f.admin.get("/v5/share/" + f.shareUuid).status()).isEqualTo(404)));
        }
        // ---- visibility and signed delivery URLs
        cases.add(new Case("PUT /objects/visibility/cdn", "files_uuids", Required.all(FILE_SET_VISIBILITY),
                (api, v, f) -> api.putJson("/" + v + "/objects/visibility/cdn",
                        "{\"files_uuids\":[\"" + f.fileUuid + "\"],\"visibility\":\"not_public\"}"),
                (r, f) -> assertThat(f.file().path("visibility").path("in_cdn").path("set").asText()).isEqualTo("not_public")));
        cases.add(new Case("PUT /objects/visibility/cdn", "folders_uuids", Required.all(DIR_SET_VISIBILITY),
                (api, v, f) -> api.putJson("/" + v + "/objects/visibility/cdn",
                        "{\"folders_uuids\":[\"" + f.subUuid + "\"],\"visibility\":\"not_public\"}"),
                (r, f) -> assertThat(f.folder(f.subUuid).path("visibility").path("in_cdn").path("set").asText()).isEqualTo("not_public")));
        cases.add(new Case("PUT /objects/visibility/cdn", "both lists", Required.all(FILE_SET_VISIBILITY, DIR_SET_VISIBILITY),
                (api, v, f) -> api.putJson("/" + v + "/objects/visibility/cdn", "{\"files_uuids\":[\"" + f.fileUuid
                        + "\"],\"folders_uuids\":[\"" + f.subUuid + "\"],\"visibility\":\"not_public\"}"),
                (r, f) -> {
                    assertThat(f.file().path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("not_public");
                    assertThat(f.folder(f.subUuid).path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("not_public");
                }));
        for (String p : List.of("/file/{uuid}", "/files/{uuid}")) {
            String s = p.substring(0, p.indexOf('{'));
            cases.add(new Case("POST " + p + "/signed-url", "", Required.all(OBJECTS_FETCH),
                    (api, v, f) -> api.postJson("/" + v + s + f.fileUuid + "/signed-url", "{\"expires_in\":60}"),
                    (r, f) -> {
                        java.net.URI signed = java.net.URI.create(r.json().path("permalink").asText());
                        assertThat(server.anonymous.get(signed.getRawPath() + "?" + signed.getRawQuery()).text()).isEqualTo("hello");
                    }));
        }
        // ---- images: project image settings and a file's variants
        cases.add(new Case("GET /settings/images", "", Required.all(CONFIG_LIST),
                (api, v, f) -> api.get("/" + v + "/settings/images"),
                (r, f) -> assertThat(r.json().path("settings").path("restrict_transformations").isBoolean()).isTrue()));
        cases.add(new Case("PUT /settings/images", "", Required.all(CONFIG_CHANGE),
                (api, v, f) -> api.putJson("/" + v + "/settings/images", "{\"presets\":{\"p\":\"w=10\"}}"),
                (r, f) -> assertThat(f.admin.get("/v5/settings/images").json().path("settings").path("presets").path("p").asText())
                        .isEqualTo("w=10")));
        for (String p : List.of("/file/{uuid}", "/files/{uuid}")) {
            String s = p.substring(0, p.indexOf('{'));
            cases.add(new Case("GET " + p + "/variants", "", Required.all(OBJECTS_FETCH),
                    (api, v, f) -> api.get("/" + v + s + f.fileUuid + "/variants"),
                    (r, f) -> assertThat(r.json().path("variants").isArray()).isTrue()));
        }
        return cases;
    }

    static Api.Response importCsv(Api api, String version, Fixture f) {
        return api.multipart("/" + version + "/edit/assets", new Api.Multipart().file("file", "edit.csv", "text/csv",
                ("uuid,meta.k\n" + f.fileUuid + ",csv\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** The widget's calls that need user accounts: any valid key, always 501 (OlderSpellingsAndAccountFeaturesTest). */
    static final List<String> ACCOUNT_FEATURES = AccountFeatureRoutes.ROUTES.stream().map(r -> r.method().name() + " " + r.path()).toList();

    /** Routes registered under /{token}/v5 only. */
    static boolean v5Only(Case c) {
        return c.route.matches("[A-Z]+ /(shares?|objects|file-archive)(/.*)?") && !c.route.startsWith("PUT /objects/visibility");
    }

    /**
     * Asks for an archive of f.txt and waits until it is built, so no build is still writing when the
     * next case compares the blob store; answers the last status (or the refusal).
     */
    static Api.Response settledArchive(Api api, String v, Fixture f) {
        Api.Response created = api.postJson("/" + v + "/file-archive", "{\"files_uuids\":[\"" + f.fileUuid + "\"]}");
        if (created.status() != 200) return created;
        String status = "/" + v + "/file-archive/" + taskId(created) + "?status_only=1";
        for (int i = 0; i < 1500; i++) {
            Api.Response r = api.get(status);
            String state = r.json().path("task_status").asText();
            if (!state.equals("PENDING") && !state.equals("RUNNING")) return r;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
        throw new AssertionError("the archive was not built within 30 s");
    }

    /** The task id of an answer, or one no archive has when the answer was a refusal. */
    static String taskId(Api.Response r) {
        String id = r.status() == 200 ? r.json().path("task_id").asText() : "";
        return id.isEmpty() ? "00000000000000000000000000000000" : id;
    }

    /**
     * Start-up routes of the widget: any valid key of the project, whatever it holds. Not labels and
     * collections: the widget asks for them only when its key holds LABELS_LIST / COLLECTIONS_LIST
     * (explorer's Views), and the asset picker carries on when they are refused.
     */
    static final List<String> AUTHENTICATED_ONLY = List.of(
            "/settings", "/attributes/keys", "/attributes/tags", "/filters", "/tags");

    static Stream<Arguments> casesOnBothVersions() {
        return cases().stream().flatMap(c -> (v5Only(c) ? Stream.of("v5") : Stream.of("v4", "v5")).map(v -> Arguments.of(c, v)));
    }

    // ------------------------------------------------------------------ the tests

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("casesOnBothVersions")
    void everyKeyMissingANeededPermissionIsRefusedAndTheExactKeySucceeds(Case c, String version) {
        Fixture f = Fixture.create();
        // For "all of" routes, one key per needed permission, lacking just that one; for "any of", one key lacking them all.
        List<Set<Permission>> lacking = c.required.any
                ? List.of(c.required.permissions)
                : c.required.permissions.stream().map(p -> (Set<Permission>) EnumSet.of(p)).toList();
        for (Set<Permission> missing : lacking) {
            Set<Permission> held = EnumSet.complementOf(EnumSet.copyOf(missing));
            Api key = server.key(false, List.of(f.token), PermissionSet.of(held.toArray(Permission[]::new)), null).in(f.token);
            State before = f.state();
            Api.Response denied = c.call.send(key, version, f);
            assertThat(denied.status()).as("%s with a key lacking %s: %s", c, missing, denied).isEqualTo(403);
            if (c.route.startsWith("HEAD ")) {
                assertThat(denied.bytes()).as("a HEAD answer has no body, not even the envelope").isEmpty();
            } else {
                assertThat(denied.code()).isEqualTo("PERMISSION_DENIED");
                for (Permission p : missing) {
                    assertThat(denied.json().path("msg").asText()).as("the message names what is missing").contains(p.name());
                }
            }
            assertThat(denied.text()).as("a refusal reveals nothing").doesNotContain(f.fileUuid).doesNotContain(f.subUuid)
                    .doesNotContain("f.txt").doesNotContain("hello");
            assertThat(f.state()).as("%s refused must change nothing", c).isEqualTo(before);
        }
        // Exactly the needed permissions; for "any of" routes, each one alone.
        List<Set<Permission>> exact = c.required.any
                ? c.required.permissions.stream().map(p -> (Set<Permission>) EnumSet.of(p)).toList()
                : List.of(c.required.permissions);
        for (Set<Permission> held : exact) {
            Api key = server.key(false, List.of(f.token), PermissionSet.of(held.toArray(Permission[]::new)), null).in(f.token);
            Api.Response ok = c.call.send(key, version, f);
            assertThat(ok.status()).as("%s with exactly %s: %s", c, held, ok).isEqualTo(200);
            c.effect.verify(ok, f);
        }
    }

    @Test
    void widgetStartUpRoutesNeedOnlyAValidKeyOfTheProject() {
        Fixture f = Fixture.create();
        Api bare = server.keyFor(List.of(f.token)).in(f.token); // holds no permission at all
        server.createProject(f.token + "-other");
        Api elsewhere = server.allKey(f.token + "-other").in(f.token);
        for (String version : List.of("v4", "v5")) {
            for (String path : AUTHENTICATED_ONLY) {
                Api.Response r = bare.get("/" + version + path);
                assertThat(r.status()).as("%s %s", version, path).isEqualTo(200);
                assertThat(r.json().path("status").asText()).isEqualTo("success");
                Api.Response foreign = elsewhere.get("/" + version + path);
                assertThat(foreign.status()).as("%s %s with another project's key", version, path).isEqualTo(403);
                assertThat(foreign.code()).isEqualTo("PROJECT_NOT_ALLOWED");
                Api.Response anonymous = bare.anonymous().get("/" + version + path);
                if (path.equals("/settings")) {
                    // its public part answers without a key (AnonymousReadsTest)
                    assertThat(anonymous.status()).isEqualTo(200);
                    continue;
                }
                assertThat(anonymous.status()).isEqualTo(401);
                assertThat(anonymous.code()).isEqualTo("UNAUTHORIZED");
            }
        }
    }

    /**
     * An overloaded route whose action depends on the body still refuses a key that can do none of its
     * actions before reading the body: such a key learns nothing from it and costs no parsing.
     */
    @Test
    void overloadedRoutesRefuseAKeyThatCanDoNoneOfTheirActionsBeforeReadingTheBody() {
        Fixture f = Fixture.create();
        Api noFileWrites = allBut(f.token, FILE_UPLOAD, FILE_MOVE);
        Api noFolderWrites = allBut(f.token, DIR_CREATE, DIR_MOVE);
        State before = f.state();
        for (String version : List.of("v4", "v5")) {
            for (String path : List.of("/files", "/upload")) {
                for (String body : List.of("{\"broken", "[]", "{\"name\":\"x.txt\",\"data\":\"aGk=\"}", moveFiles(f))) {
                    Api.Response r = noFileWrites.postJson("/" + version + path + "?folder=/docs", body);
                    assertThat(r.status()).as("%s %s %s → %s", version, path, body, r).isEqualTo(403);
                    assertThat(r.code()).isEqualTo("PERMISSION_DENIED");
                }
            }
            for (String body : List.of("{\"broken", "[]", "{\"name\":\"/x\"}", moveFolders(f))) {
                Api.Response r = noFolderWrites.postJson("/" + version + "/folders", body);
                assertThat(r.status()).as("%s folders %s → %s", version, body, r).isEqualTo(403);
                assertThat(r.code()).isEqualTo("PERMISSION_DENIED");
            }
        }
        assertThat(f.state()).isEqualTo(before);
    }

    /**
     * The console's static page routes are open by design (the page signs in by itself, see ConsoleRoutesTest):
     * one case per route, each answered without any key, so a new console route must be listed here.
     */
    static final List<String> CONSOLE_PAGE_ROUTES = List.of("GET /console", "GET /console/{name}");

    @Test
    void consolePageRoutesNeedNoKeyAndAreAllListed() {
        Set<String> registered = server.routes().stream().filter(r -> r.split(" ", 2)[1].startsWith("/console"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(registered).as("console routes registered by the server").containsExactlyInAnyOrderElementsOf(CONSOLE_PAGE_ROUTES);
        for (String route : CONSOLE_PAGE_ROUTES) {
            String path = route.split(" ", 2)[1].replace("{name}", "app.js");
            Api.Response r = server.anonymous.get(path);
            assertThat(r.status()).as("%s without a key", route).isEqualTo(200);
            assertThat(r.header("Content-Security-Policy")).as(route).isEqualTo(ConsoleRoutes.CSP);
        }
    }

    /** A route added without a case here (or in the widget list) fails this test, so none goes unchecked. */
    @Test
    void everyProjectRouteHasABoundaryCase() {
        Set<String> covered = new TreeSet<>();
        cases().forEach(c -> covered.add(c.route));
        AUTHENTICATED_ONLY.forEach(p -> covered.add("GET " + p));
        covered.addAll(ACCOUNT_FEATURES);
        Set<String> registered = new TreeSet<>();
        for (String route : server.routes()) {
            String[] parts = route.split(" ", 2);
            for (String version : List.of("/{token}/v4", "/{token}/v5")) {
                // The SASS key exchange and key info need no key by design; the template tests cover them.
                if (parts[1].startsWith(version + "/key/")) continue;
                // The public share read and downloads ({puid}) need no key by design; the share tests cover them.
                if (parts[1].contains("{puid}")) continue;
                // A share's archives take the share's access, not a key (open routes); ArchivesApiTest covers them.
                if (parts[1].startsWith(version + "/file-archive/sharebox/")) continue;
                // Resumable uploads live across calls by one owner (created, then HEAD/PATCH/DELETE by a key of the same
                // owner), which this table's one-call cases cannot be; TusUploadTest covers their permission, scope and counts.
                if (parts[1].startsWith(version + "/tus/")) continue;
                if (parts[1].startsWith(version + "/")) {
                    registered.add(parts[0] + " " + parts[1].substring(version.length()));
                }
            }
        }
        assertThat(registered).as("project routes registered by the server").isNotEmpty();
        assertThat(covered).as("routes with a permission-boundary case").containsAll(registered);
        assertThat(registered).as("cases for routes that do not exist").containsAll(covered);
    }

    // ------------------------------------------------------------------ counted limits and folder scopes per route

    /** What each project route counts against a SASS key's limits; a route not listed counts nothing. */
    static final Map<String, Count> COUNTED = Map.ofEntries(
            Map.entry("GET /files", Count.LISTING), Map.entry("GET /files/stats", Count.LISTING), Map.entry("GET /folders", Count.LISTING),
            Map.entry("GET /folders/stats", Count.LISTING), Map.entry("POST /folders/previews", Count.LISTING),
            Map.entry("POST /files", Count.UPLOAD), Map.entry("POST /upload", Count.UPLOAD), Map.entry("POST /files/upload_url", Count.UPLOAD),
            Map.entry("PUT /files", Count.UPLOAD), Map.entry("POST /objects/export-csv", Count.LISTING),
            // a resumable upload counts at its creation; its completing PATCH declares that it counts nothing more
            Map.entry("POST /tus/files", Count.UPLOAD), Map.entry("PATCH /tus/files/{id}", Count.RESUMED));

    /** What this case spends: an overloaded upload route spends nothing when its body is a move. */
    static Count spends(Case c) {
        Count declared = COUNTED.getOrDefault(c.route, Count.NONE);
        return declared == Count.UPLOAD && c.variant.contains("move") ? Count.NONE : declared;
    }

    /**
     * Routes that touch no folder of the fixture, or only filter what they show by the scope: a key
     * whose scopes hold none of the fixture's folders still succeeds on them. Every other route is
     * refused for such a key.
     */
    static final Set<String> UNSCOPED = Set.of(
            "POST /folders/previews", "GET /metadata/autocomplete", "GET /approvals", "GET /labels", "GET /labels/{uuid}", "POST /labels", "PUT /labels/{uuid}",
            "GET /collections", "POST /collections", "GET /shares", "GET /airboxes",
            "GET /meta/model/fields", "POST /meta/model/fields", "GET /meta/model/fields/{uuid}", "PUT /meta/model/fields/{uuid}",
            "DELETE /meta/model/fields/{uuid}", "POST /meta/model/fields/{uuid}/options", "GET /settings/images", "PUT /settings/images",
            // an import refuses the rows outside the key's scope in its task's messages (CsvImportExportTest), not the request
            "POST /edit/assets", "GET /edit/assets/{task_id}",
            "GET /products", "GET /product/{ref}/images", "GET /product/{ref}/files");

    /**
     * Routes a SASS key may never use, whatever it holds (signing an upload policy: only a key the
     * server can name signs one): the SASS-key tables below expect their refusal instead.
     */
    static final Set<String> API_KEYS_ONLY = Set.of("POST /upload-policies");

    static boolean refusedAsSassKey(Case c, Api.Response r, Fixture f, State before) {
        if (!API_KEYS_ONLY.contains(c.route)) return false;
        assertThat(r.status()).as("%s is for API keys only: %s", c, r).isEqualTo(403);
        assertThat(r.code()).isEqualTo("PERMISSION_DENIED");
        assertThat(f.state()).as("%s refused must change nothing", c).isEqualTo(before);
        return true;
    }

    /** A SASS key of the fixture's project holding exactly the case's permissions, with extra template rules. */
    static Api sassFor(Fixture f, Case c, String rules) {
        String permissions = c.required.permissions.stream().map(p -> "\"" + p.name() + "\"").collect(Collectors.joining(","));
        return dev.assetgate.support.SassKeys.mint(server, server.allKey(f.token), f.token,
                "{\"permissions\":[" + permissions + "]" + rules + "}");
    }

    static Stream<Case> casesOnV5() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesOnV5")
    void exactlyTheRoutesThatCountAreRefusedByAKeyWhoseLimitsAreSpent(Case c) {
        Fixture f = Fixture.create();
        Api spent = sassFor(f, c, ",\"listing\":{\"max\":0},\"upload\":{\"max\":0}");
        State before = f.state();
        Api.Response r = c.call.send(spent, "v5", f);
        if (refusedAsSassKey(c, r, f, before)) return;
        Count count = spends(c);
        if (count == Count.NONE) {
            assertThat(r.status()).as("%s counts nothing: %s", c, r).isEqualTo(200);
            c.effect.verify(r, f);
            return;
        }
        assertThat(r.status()).as("%s counts %s: %s", c, count, r).isEqualTo(429);
        assertThat(r.code()).isEqualTo("RATE_LIMITED");
        assertThat(r.json().path("hint").asText()).contains(count == Count.LISTING ? "listing.max" : "upload.max");
        assertThat(f.state()).as("%s refused must change nothing", c).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesOnV5")
    void everyRouteTouchingAFolderRefusesAKeyWhoseScopesHoldNoneOfThem(Case c) {
        Fixture f = Fixture.create();
        Api elsewhere = sassFor(f, c, ",\"listing\":{\"dir_scope\":[\"/nowhere/*\"]},\"upload\":{\"dir_scope\":[\"/nowhere/*\"]}");
        State before = f.state();
        Api.Response r = c.call.send(elsewhere, "v5", f);
        if (refusedAsSassKey(c, r, f, before)) return;
        if (UNSCOPED.contains(c.route)) {
            assertThat(r.status()).as("%s touches no folder of the fixture: %s", c, r).isEqualTo(200);
            return;
        }
        assertThat(r.status()).as("%s outside the key's scopes: %s", c, r).isIn(403, 404);
        if (r.status() == 403 && !c.route.startsWith("HEAD ")) {
            assertThat(r.code()).isEqualTo("FOLDER_NOT_ALLOWED");
        }
        assertThat(r.text()).as("a refusal reveals nothing").doesNotContain("f.txt").doesNotContain("hello");
        assertThat(f.state()).as("%s refused must change nothing", c).isEqualTo(before);
    }

    /** What the table above expects agrees with what each route declared where it was registered, and no route declares nothing. */
    @Test
    void everyRouteIsRegisteredWithItsPermissionAndCountingOrIsAKnownOpenRoute() {
        java.util.concurrent.atomic.AtomicReference<RouteTable> table = new java.util.concurrent.atomic.AtomicReference<>();
        io.javalin.Javalin.create(config -> table.set(AssetgateServer.registerRoutes(config.routes, server.app)));
        Set<String> open = new TreeSet<>();
        Set<String> counted = new TreeSet<>();
        for (RouteTable.Registration r : table.get().registrations()) {
            String route = r.method().name() + " " + r.path();
            switch (r.kind()) {
                case OPEN -> open.add(route);
                case MANAGEMENT -> assertThat(r.need().permissions()).as("%s declares its permission", route).isNotEmpty();
                case PROJECT -> {
                    // (also the unversioned older spelling /{token}/upload)
                    String local = r.method().name() + " " + r.path().replaceFirst("^/\\{token}(/v[45])?", "");
                    assertThat(r.need().count()).as("%s counts", route).isEqualTo(COUNTED.getOrDefault(local, Count.NONE));
                    if (r.need().count() != Count.NONE) counted.add(local);
                    if (!AUTHENTICATED_ONLY.contains(local.substring(4)) && !ACCOUNT_FEATURES.contains(local)) {
                        assertThat(r.need().permissions()).as("%s declares its permission", route).isNotEmpty();
                    }
                }
            }
        }
        assertThat(counted).containsExactlyInAnyOrderElementsOf(COUNTED.keySet());
        assertThat(open).as("open routes: each checks its own credential (signed URL, share, template id) or serves the console page")
                .containsExactlyInAnyOrder("GET /", "GET /console", "GET /console/{name}",
                        "GET /{token}/v4/get/{uuid}", "HEAD /{token}/v4/get/{uuid}", "GET /{token}/v5/get/{uuid}",
                        "HEAD /{token}/v5/get/{uuid}", "GET /{token}/cdn/<path>", "HEAD /{token}/cdn/<path>",
                        "GET /{token}/v4/key/info", "GET /{token}/v4/key/{template}", "GET /{token}/v5/key/info",
                        "GET /{token}/v5/key/{template}", "GET /{token}/key/{template}",
                        "POST /admin/v1/session", "GET /admin/v1/session", "DELETE /admin/v1/session",
                        "GET /{token}/v4/share/{puid}", "GET /{token}/v4/share/{puid}/files/{uuid}",
                        "HEAD /{token}/v4/share/{puid}/files/{uuid}", "GET /{token}/s/{puid}", "POST /{token}/s/{puid}",
                        "GET /{token}/v5/s/{puid}/{slug}", "POST /{token}/v5/s/{puid}/{slug}",
                        "POST /{token}/v5/file-archive/sharebox/{puid}", "GET /{token}/v5/file-archive/sharebox/{task_id}",
                        "PATCH /{token}/v5/file-archive/sharebox/{task_id}/cancel",
                        "GET /{token}/v4/tus/json/{id}", "GET /{token}/v5/tus/json/{id}",
                        "GET /{token}/airbox/{puid}", "GET /{token}/v4/airbox/{puid}", "POST /{token}/airbox/{puid}/unlock");
    }

    // ------------------------------------------------------------------ console sessions and the audit trail

    /** The console's management routes (outside the project table above): each one's boundary, and that none is left out. */
    static final List<String> CONSOLE_ROUTES = List.of("POST /admin/v1/session", "GET /admin/v1/session", "DELETE /admin/v1/session",
            "GET /admin/v1/audit", "GET /admin/v1/audit/stats");

    @Test
    void everyConsoleRouteHasABoundaryCase() {
        Set<String> registered = server.routes().stream()
                .filter(r -> r.contains(" /admin/v1/session") || r.contains(" /admin/v1/audit")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(registered).containsExactlyInAnyOrderElementsOf(CONSOLE_ROUTES);
    }

    @Test
    void auditRoutesNeedExactlyConfigListAndAnApiKey() {
        String token = "pb-audit";
        server.createProject(token);
        Api exact = server.key(false, List.of(token), PermissionSet.of(CONFIG_LIST), null);
        Api lacking = server.key(false, List.of(token),
                PermissionSet.of(EnumSet.complementOf(EnumSet.of(CONFIG_LIST)).toArray(Permission[]::new)), null);
        Api sass = dev.assetgate.support.SassKeys.mint(server, server.allKey(token), token, "{\"permissions\":[\"CONFIG_LIST\"]}");
        for (String path : List.of("/admin/v1/audit", "/admin/v1/audit/stats")) {
            Api.Response denied = lacking.get(path);
            assertThat(denied.status()).as(path).isEqualTo(403);
            assertThat(denied.code()).isEqualTo("PERMISSION_DENIED");
            assertThat(denied.json().path("msg").asText()).contains("CONFIG_LIST");
            Api.Response bySass = server.withKey(sass.key).get(path);
            assertThat(bySass.status()).as("a SASS key never reads the management API").isEqualTo(403);
            assertThat(server.anonymous.get(path).status()).isEqualTo(401);
            Api.Response ok = exact.get(path);
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.json().path("status").asText()).isEqualTo("success");
            dev.assetgate.support.Browser console = dev.assetgate.support.Browser.signedIn(server.baseUrl(), exact.key);
            assertThat(console.get(path).status()).as("the session acts as its key").isEqualTo(200);
        }
    }

    @Test
    void sessionRoutesNeedAConfigKeyToOpenAndTheCookieAndCsrfTokenToUse() {
        String token = "pb-session";
        server.createProject(token);
        dev.assetgate.support.Browser browser = new dev.assetgate.support.Browser(server.baseUrl());
        Api noConfig = server.key(false, List.of(token),
                PermissionSet.of(EnumSet.complementOf(EnumSet.of(CONFIG_LIST, CONFIG_CHANGE)).toArray(Permission[]::new)), null);
        Api.Response denied = browser.signIn(noConfig.key);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.code()).isEqualTo("PERMISSION_DENIED");
        assertThat(denied.json().path("msg").asText()).contains("CONFIG_LIST").contains("CONFIG_CHANGE");
        for (Permission enough : List.of(CONFIG_LIST, CONFIG_CHANGE)) {
            assertThat(browser.signIn(server.keyFor(List.of(token), enough).key).status()).as("%s alone", enough).isEqualTo(200);
        }
        dev.assetgate.support.Browser keyOnly = new dev.assetgate.support.Browser(server.baseUrl());
        keyOnly.extraHeaders.addAll(List.of("X-Filerobot-Key", server.allKey(token).key));
        assertThat(keyOnly.get("/admin/v1/session").status()).as("a key is no session").isEqualTo(401);
        assertThat(keyOnly.write("DELETE", "/admin/v1/session", null).status()).isEqualTo(401);
        assertThat(browser.get("/admin/v1/session").status()).isEqualTo(200);
        Api.Response noCsrf = browser.writeWithoutCsrf("DELETE", "/admin/v1/session", null);
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(noCsrf.code()).isEqualTo("CSRF_TOKEN_INVALID");
        assertThat(browser.write("DELETE", "/admin/v1/session", null).status()).isEqualTo(200);
        assertThat(browser.get("/admin/v1/session").status()).isEqualTo(401);
    }

    /** The two key-minting routes (outside the versioned project table): an API key with CONFIG_CHANGE, of the project, only. */
    @Test
    void keyMintingRoutesNeedAnApiKeyWithConfigChangeOfTheProject() {
        String token = "pb-mint";
        server.createProject(token);
        server.createProject("pb-mint-other");
        Api admin = server.allKey(token);
        Api.Response created = admin.postJson("/admin/v1/projects/" + token + "/security-templates",
                "{\"permissions\":[\"FILE_UPLOAD\"],\"upload\":{\"dir_scope\":[\"/users/{sub}/*\"]}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String tpl = created.json().path("security_template").path("id").asText();
        Map<String, String> routes = Map.of("/" + token + "/key", "{\"permissions\":[\"FILE_UPLOAD\"]}",
                "/" + token + "/key/" + tpl, "{\"sub\":\"u1\"}");
        Api sass = server.withKey(admin.postJson("/" + token + "/key", "{\"permissions\":[\"FILE_UPLOAD\"]}").json().path("key").asText());
        Api noConfig = server.key(false, List.of(token),
                PermissionSet.of(EnumSet.complementOf(EnumSet.of(CONFIG_CHANGE)).toArray(Permission[]::new)), null);
        Api otherProject = server.allKey("pb-mint-other");
        routes.forEach((path, body) -> {
            assertThat(server.anonymous.postJson(path, body).status()).as("%s without a key", path).isEqualTo(401);
            Api.Response bySass = sass.postJson(path, body);
            assertThat(bySass.status()).as("%s with a SASS key", path).isEqualTo(403);
            Api.Response missing = noConfig.postJson(path, body);
            assertThat(missing.code()).as("%s without CONFIG_CHANGE", path).isEqualTo("PERMISSION_DENIED");
            assertThat(missing.json().path("msg").asText()).contains("CONFIG_CHANGE");
            assertThat(otherProject.postJson(path, body).code()).as("%s from another project's key", path).isEqualTo("PROJECT_NOT_ALLOWED");
            Api.Response enough = server.keyFor(List.of(token), CONFIG_CHANGE, FILE_UPLOAD).postJson(path, body);
            assertThat(enough.status()).as("%s with CONFIG_CHANGE: %s", path, enough).isEqualTo(200);
        });
    }

    // ------------------------------------------------------------------ fixture and state

    /**
     * A fresh project: /docs/f.txt ("hello") carrying label L1, /docs/p.png (an image, for previews),
     * /docs/sub/inner.txt (the folder with meta {"k":"set"}), an empty /dest, label L2 on no file,
     * collection "Docs" over /docs, a PENDING approval request on f.txt, a share of f.txt, and a metadata
     * model with a text field "k" and a select field "color" (option "red"), and /ver/v.txt replaced once ("one", then
     * "second": one earlier version). {@code admin} holds every permission.
     */
    record Fixture(String token, Api admin, String fileUuid, String imageUuid, String docsUuid, String subUuid, String destUuid,
                   String shareUuid, String labelUuid, String labelSid, String freeLabelUuid, String freeLabelSid, String collectionUuid,
                   String fieldUuid, String versionedUuid, String versionUuid, String airboxUuid) {
        static Fixture create() {
            String token = "pb-" + (++projects);
            server.createProject(token);
            Api admin = server.allKey(token).in(token);
            String file = uploaded(admin, "/docs", "f.txt", "text/plain", "hello");
            String image = uploaded(admin, "/docs", "p.png", "image/png", "png-bytes");
            uploaded(admin, "/docs/sub", "inner.txt", "text/plain", "inner");
            String dest = admin.postJson("/v5/folders", "{\"name\":\"/dest\"}").json().path("folder_uuid").asText();
            String docs = admin.get("/v5/files?folder=/docs").json().path("base").path("uuid").asText();
            String sub = admin.get("/v5/files?folder=/docs/sub").json().path("base").path("uuid").asText();
            assertThat(admin.postJson("/v5/approvals", "{\"files_uuids\":[\"" + file + "\"],\"approvers\":[\"alice@example.com\"]}")
                    .status()).isEqualTo(200);
            String share = admin.postJson("/v5/shares", "{\"title\":\"fixture\",\"items\":[{\"type\":\"file_uuid\",\"identifiers\":[\""
                    + file + "\"]}]}").json().path("share").path("uuid").asText();
            JsonNode l1 = admin.postJson("/v5/labels", "{\"label\":{\"name\":\"L1\"}}").json().path("label");
            JsonNode l2 = admin.postJson("/v5/labels", "{\"label\":{\"name\":\"L2\"}}").json().path("label");
            Api.Response attached = admin.postJson("/v5/files/" + file + "/labels", "{\"labels\":[\"" + l1.path("sid").asText() + "\"]}");
            assertThat(attached.status()).as(attached.toString()).isEqualTo(200);
            String collection = admin.postJson("/v5/collections", "{\"title\":\"Docs\",\"data\":{\"folder\":\"/docs\"}}")
                    .json().path("collection").path("uuid").asText();
            assertThat(admin.postJson("/v5/meta/model/fields", "{\"key\":\"k\",\"label\":\"K\",\"type\":\"text\"}").status()).isEqualTo(200);
            String field = admin.postJson("/v5/meta/model/fields", "{\"key\":\"color\",\"label\":\"Colour\",\"type\":\"select-one\","
                    + "\"options\":[{\"api_slug\":\"red\",\"label\":\"Red\"}]}").json().path("field_uuid").asText();
            assertThat(admin.putJson("/v5/folder/" + sub + "/meta", "{\"meta\":{\"k\":\"set\"}}").status()).isEqualTo(200);
            String versioned = uploaded(admin, "/ver", "v.txt", "text/plain", "one");
            Api.Response replaced = admin.multipart("/v4/files?folder=/ver&opt_force_name=1",
                    new Api.Multipart().file("files[]", "v.txt", "text/plain", "second".getBytes(StandardCharsets.UTF_8)));
            assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
            String version = replaced.json().path("file").path("replaced_version_uuid").asText();
            String airbox = admin.postJson("/v5/airboxes", "{\"folder\":\"/docs\",\"title\":\"fixture\"}").json().path("airbox").path("uuid").asText();
            return new Fixture(token, admin, file, image, docs, sub, dest, share, l1.path("uuid").asText(), l1.path("sid").asText(),
                    l2.path("uuid").asText(), l2.path("sid").asText(), collection, field, versioned, version, airbox);
        }

        /** The fixture's approval request (on f.txt; a refused call leaves it, and the file's summary, as they were). */
        String approvalUuid() {
            return admin.get("/v5/approvals?file_uuid=" + fileUuid + "&approver=alice@example.com").json()
                    .path("approvals").path(0).path("uuid").asText();
        }

        List<String> labelNames() {
            return admin.get("/v5/labels").json().path("labels").findValuesAsText("name");
        }

        List<String> collectionTitles() {
            return admin.get("/v5/collections").json().path("collections").findValuesAsText("title");
        }

        JsonNode model() {
            Api.Response r = admin.get("/v5/meta/model/fields");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            return r.json().path("fields");
        }

        JsonNode file() {
            Api.Response r = admin.get("/v5/files/" + fileUuid);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            return r.json().path("file");
        }

        JsonNode folder(String uuid) {
            Api.Response r = admin.get("/v5/folders/" + uuid);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            return r.json().path("folder");
        }

        List<String> namesIn(String folder) {
            return names(admin.get("/v5/files?folder=" + Api.enc(folder)).json().path("files"));
        }

        /**
         * Everything a refused call could have touched: the project's files (with their labels), folders,
         * tags, shares, labels (with their counts), collections, the metadata model, the blob store and the spool.
         */
        State state() {
            JsonNode files = admin.get("/v5/files?folder=/&recursive=1&limit=5000").json().path("files");
            JsonNode folders = admin.get("/v5/folders?folder=/&recursive=1&limit=5000").json().path("folders");
            JsonNode tags = admin.get("/v5/tags").json().path("tags");
            JsonNode shares = admin.get("/v5/shares").json().path("shares");
            JsonNode labels = admin.get("/v5/labels").json().path("labels");
            JsonNode collections = admin.get("/v5/collections").json().path("collections");
            JsonNode airboxes = admin.get("/v5/airboxes").json().path("airboxes");
            return new State(files, folders, tags, shares, labels, collections, airboxes, model(), server.blobStoreContents(),
                    filesUnder(server.dataDir.resolve("tmp")));
        }
    }

    record State(JsonNode files, JsonNode folders, JsonNode tags, JsonNode shares, JsonNode labels, JsonNode collections,
                 JsonNode airboxes, JsonNode model, Set<String> blobs, Set<String> spool) {}

    static Set<String> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) return Set.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String uploaded(Api admin, String folder, String name, String type, String content) {
        Api.Response r = admin.multipart("/v4/files?folder=" + Api.enc(folder),
                new Api.Multipart().file("files[]", name, type, content.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("file").path("uuid").asText();
    }

    static Api allBut(String token, Permission... missing) {
        Set<Permission> held = EnumSet.complementOf(EnumSet.copyOf(List.of(missing)));
        return server.key(false, List.of(token), PermissionSet.of(held.toArray(Permission[]::new)), null).in(token);
    }

    static String moveFiles(Fixture f) {
        return "{\"files_uuids\":[\"" + f.fileUuid + "\"],\"new_folder_name\":\"/moved\"}";
    }

    static String moveFolders(Fixture f) {
        return "{\"folders_uuids\":[\"" + f.subUuid + "\"],\"new_folder_name\":\"/dest\"}";
    }

    static String remoteUrl() {
        return "http://127.0.0.1:" + origin.getAddress().getPort() + "/remote.txt";
    }

    static List<String> texts(JsonNode strings) {
        List<String> out = new ArrayList<>();
        strings.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> names(JsonNode files) {
        List<String> out = new ArrayList<>();
        files.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }
}
