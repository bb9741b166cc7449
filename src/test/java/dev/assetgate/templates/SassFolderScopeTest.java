package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.names;
import static dev.assetgate.templates.Sass.paths;
import static dev.assetgate.templates.Sass.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Folder scopes of SASS keys: {@code upload.dir_scope} on every way a file arrives or moves, and
 * {@code listing.dir_scope} on every way a file or folder is seen. Each test works in a fresh
 * project prepared with an API key: files in scope (/uploads, /uploads/sub), next to it (/uploadsX,
 * a prefix sibling), outside it (/secret) and at the root.
 */
@WithServer
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
class SassFolderScopeTest {
    static final List<String> FIXTURE = List.of("/uploads/a.txt", "/uploads/sub/b.txt", "/uploadsX/c.txt", "/secret/d.txt", "/e.txt",
            "/secret/pic.png", "/uploads/pic.png");
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static HttpServer origin;
    static final AtomicInteger originHits = new AtomicInteger();

    TestProject project;

    @BeforeAll
    static void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            originHits.incrementAndGet();
            byte[] body = "fetched".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        origin.start();
    }

    @AfterAll
    static void stop() {
        origin.stop(0);
    }

    @BeforeEach
    void prepare(TestProject fresh) {
        project = fresh;
        for (String path : FIXTURE) {
            int slash = path.lastIndexOf('/');
            String folder = slash == 0 ? "/" : path.substring(0, slash);
            String name = path.substring(slash + 1);
            Api.Response r = name.endsWith(".png")
                    ? project.api.multipart("/v4/files?folder=" + Api.enc(folder), new Api.Multipart().file("files[]", name, "image/png", PNG))
                    : project.api.upload(folder, name, "content of " + path);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
    }

    private Sass.Client sass(String json) {
        return Sass.keyWith(project, json);
    }

    private List<String> files() {
        return Sass.allFiles(project.api);
    }

    private String fileUuid(String path) {
        for (JsonNode f : project.api.get("/v5/files?folder=/&recursive=1").json().path("files")) {
            String folder = f.path("folder").path("name").asText();
            if ((("/".equals(folder) ? "" : folder) + "/" + f.path("name").asText()).equals(path)) return f.path("uuid").asText();
        }
        throw new AssertionError("no file " + path);
    }

    private String folderUuid(String path) {
        for (JsonNode f : project.api.get("/v5/folders?folder=/&recursive=1").json().path("folders")) {
            if (f.path("path").asText().equals(path)) return f.path("uuid").asText();
        }
        if (path.equals("/")) return project.api.get("/v5/folders?folder=/").json().path("base").path("uuid").asText();
        throw new AssertionError("no folder " + path);
    }

    private List<String> folders() {
        return paths(project.api.get("/v5/folders?folder=/&recursive=1").json());
    }

    /** Files that appeared since the fixture, outside {@code /uploads} and its sub-folders. */
    private List<String> newFilesOutsideUploads() {
        List<String> out = new ArrayList<>();
        for (String f : files()) {
            if (!FIXTURE.contains(f) && !f.startsWith("/uploads/")) out.add(f);
        }
        return out;
    }

    // ================================================================== upload.dir_scope

    static final String WRITER = "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\",\"FILE_UPLOAD\",\"FILE_MOVE\",\"FILE_RENAME\","
            + "\"FILE_DELETE\",\"FILE_META_CHANGE\",\"DIR_CREATE\",\"DIR_MOVE\",\"DIR_RENAME\",\"DIR_DELETE\"],"
            + "\"upload\":{\"dir_scope\":[\"/uploads/*\"]}}";
    static final String FOLDER_ONLY = WRITER.replace("/uploads/*", "/uploads");

    @Test
    void multipartUploadsStayInTheScope() {
        Sass.Client key = sass(WRITER);
        assertThat(key.upload("/uploads", "m1.txt", "x").status()).isEqualTo(200);
        assertThat(key.upload("/uploads/deep/er", "m2.txt", "x").status()).isEqualTo(200);
        for (String folder : List.of("/secret", "/uploadsX", "/", "/Uploads", "/up", "/secret/uploads")) {
            Api.Response r = key.upload(folder, "m3.txt", "x");
            assertError(r, 403, "FOLDER_NOT_ALLOWED");
            assertThat(r.json().path("hint").asText()).contains("upload.dir_scope");
        }
        // a path in the name, in name[part] or in info[part].name
        assertError(key.multipart("/v4/files?folder=/uploads", new Api.Multipart().field("name[files[]]", "/secret/m4.txt")
                .file("files[]", "m4.txt", "text/plain", new byte[] {1})), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.multipart("/v4/files?folder=/uploads", new Api.Multipart().field("info[files[]]", "{\"name\":\"/secret/m5.txt\"}")
                .file("files[]", "m5.txt", "text/plain", new byte[] {1})), 403, "FOLDER_NOT_ALLOWED");
        Api.Response traversal = key.multipart("/v4/files?folder=/uploads", new Api.Multipart()
                .file("files[]", "../secret/m6.txt", "text/plain", new byte[] {1}));
        assertThat(traversal.status()).as(traversal.toString()).isIn(200, 400, 403);
        // the folder as a form field instead of the query
        assertError(key.multipart("/v4/files", new Api.Multipart().field("folder", "/secret")
                .file("files[]", "m7.txt", "text/plain", new byte[] {1})), 403, "FOLDER_NOT_ALLOWED");
        // the Python client's base64 form fields
        assertError(key.multipart("/v4/files?folder=/uploads", new Api.Multipart().field("name", "/secret/m8.txt").field("data", "eA==")),
                403, "FOLDER_NOT_ALLOWED");
        assertThat(newFilesOutsideUploads()).isEmpty();
        assertThat(files()).contains("/uploads/m1.txt", "/uploads/deep/er/m2.txt");
    }

    @Test
    void severalFilesInOneRequestAreAllOrNothing() {
        Sass.Client key = sass(WRITER);
        Api.Response r = key.multipart("/v4/files?folder=/uploads", new Api.Multipart()
                .file("files[]", "first.txt", "text/plain", new byte[] {1})
                .field("name[other]", "/secret/second.txt")
                .file("other", "second.txt", "text/plain", new byte[] {2}));
        assertError(r, 403, "FOLDER_NOT_ALLOWED");
        assertThat(files()).doesNotContain("/uploads/first.txt", "/secret/second.txt");
    }

    @Test
    void base64UploadsStayInTheScope() {
        Sass.Client key = sass(WRITER);
        assertThat(key.base64("/uploads", "b1.txt", "x").status()).isEqualTo(200);
        assertThat(key.base64("/uploads", "sub/b2.txt", "x").status()).isEqualTo(200);
        assertThat(key.base64(null, "/uploads/b3.txt", "x").status()).isEqualTo(200);
        assertError(key.base64("/uploads", "/secret/b4.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.base64(null, "b5.txt", "x"), 403, "FOLDER_NOT_ALLOWED"); // the root
        assertError(key.base64("/secret", "b6.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.base64("/uploads", "/uploadsX/b7.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.base64("/uploads", "../b8.txt", "x"), 400, "INVALID_PATH");
        assertError(key.base64("/uploads", "/uploads/../secret/b9.txt", "x"), 400, "INVALID_PATH");
        assertThat(newFilesOutsideUploads()).isEmpty();
        assertThat(files()).contains("/uploads/b1.txt", "/uploads/sub/b2.txt", "/uploads/b3.txt");
    }

    @Test
    void urlUploadsStayInTheScopeAndForbiddenFoldersAreRefusedBeforeFetching() {
        Sass.Client key = sass(WRITER);
        String url = "http://127.0.0.1:" + origin.getAddress().getPort();
        int before = originHits.get();
        assertError(key.postJson("/v4/files?folder=/secret", "{\"files_urls\":[{\"url\":\"" + url + "/u1.txt\"}]}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v4/files/upload_url", "{\"files_urls\":[\"" + url + "/u2.txt\"],\"dir\":\"/secret\"}"), 403,
                "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v4/files", "{\"files_urls\":[\"" + url + "/u3.txt\"]}"), 403, "FOLDER_NOT_ALLOWED"); // the root
        assertThat(originHits.get()).isEqualTo(before);
        // a name with a path, given by the caller or by the URL itself
        assertError(key.postJson("/v4/files?folder=/uploads", "{\"files_urls\":[{\"url\":\"" + url + "/u4.txt\",\"name\":\"/secret/u4.txt\"}]}"),
                403, "FOLDER_NOT_ALLOWED");
        Api.Response encoded = key.postJson("/v4/files?folder=/uploads", "{\"files_urls\":[\"" + url + "/x/%2Fsecret%2Fu5.txt\"]}");
        assertThat(encoded.status()).as(encoded.toString()).isIn(200, 400, 403);
        // all or nothing across entries
        assertError(key.postJson("/v4/files?folder=/uploads", "{\"files_urls\":[{\"url\":\"" + url + "/u6.txt\"},{\"url\":\"" + url
                + "/u7.txt\",\"name\":\"/secret/u7.txt\"}]}"), 403, "FOLDER_NOT_ALLOWED");
        assertThat(files()).doesNotContain("/uploads/u6.txt");
        // in scope
        Api.Response ok = key.postJson("/v4/files?folder=/uploads/web", "{\"files_urls\":[\"" + url + "/u8.txt\"]}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(key.postJson("/v4/files/upload_url", "{\"files_urls\":[\"" + url + "/u9.txt\"],\"dir\":\"/uploads\"}").status()).isEqualTo(200);
        assertThat(newFilesOutsideUploads()).isEmpty();
        assertThat(files()).contains("/uploads/web/u8.txt", "/uploads/u9.txt");
    }

    @Test
    void putStreamsStayInTheScope() {
        Sass.Client key = sass(WRITER);
        assertThat(key.put("/uploads", "s1.txt", "x").status()).isEqualTo(200);
        assertError(key.put("/secret", "s2.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.put("/uploads", "/secret/s3.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.put("/uploadsX", "s4.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.put("/uploads", "../s5.txt", "x"), 400, "INVALID_PATH");
        assertThat(newFilesOutsideUploads()).isEmpty();
        assertThat(files()).contains("/uploads/s1.txt");
    }

    /** Raw query values for {@code folder}: each must be refused, or land inside /uploads. */
    @ParameterizedTest
    @ValueSource(strings = {
            "/uploads/../secret", "/uploads/./../secret", "%2Fuploads%2F..%2Fsecret", "/uploads%2F..%2Fsecret", "/uploads%252F..%252Fsecret",
            "/uploads/%2e%2e/secret", "/uploads/..%2Fsecret", "%2Fsecret", "/secret/", "//secret", "/secret//", "/uploadsX", "/uploadsX/",
            "/uploads%5C..%5Csecret", "/uploads%5Csecret", "/uploads/%E2%80%8B../secret", "/uploads%E2%88%95..%E2%88%95secret",
            "%EF%BC%8Fsecret", "/uploads/%E2%80%A4%E2%80%A4/secret", "/uploads/%EF%BC%8E%EF%BC%8E/secret", "/uploads%00/secret",
            "/UPLOADS", "/uploads%20", "/%20uploads", "/uploads/sub/../../secret", "..", "/..", "/uploads/..", "/uploads//x", "/uploads/"})
    void pathTricksCannotEscapeTheUploadScope(String rawFolder) {
        Sass.Client key = sass(WRITER);
        Api.Response multipart = key.multipart("/v4/files?folder=" + rawFolder, new Api.Multipart()
                .file("files[]", "trick.txt", "text/plain", new byte[] {1}));
        Api.Response put = key.putBytes("/v4/files?folder=" + rawFolder + "&filename=trick2.txt", new byte[] {2});
        Api.Response base64 = key.postJson("/v4/files?folder=" + rawFolder, "{\"name\":\"trick3.txt\",\"data\":\"eA==\"}");
        for (Api.Response r : List.of(multipart, put, base64)) {
            assertThat(r.status()).as(rawFolder + " → " + r).isIn(200, 400, 403);
            if (r.status() != 200) assertThat(r.code()).isIn("INVALID_PATH", "FOLDER_NOT_ALLOWED", "INVALID_PARAMETER");
        }
        assertThat(newFilesOutsideUploads()).as(rawFolder).isEmpty();
        assertThat(folders()).as(rawFolder).allMatch(f -> f.equals("/uploads") || f.startsWith("/uploads/")
                || f.equals("/uploadsX") || f.equals("/secret") || f.equals("/uploads/sub"));
    }

    @Test
    void theTrickySpellingsGiveTheExpectedAnswers() {
        Sass.Client key = sass(WRITER);
        assertError(key.upload("/uploads/../secret", "t.txt", "x"), 400, "INVALID_PATH");
        assertError(key.multipart("/v4/files?folder=%2Fuploads%2F..%2Fsecret", new Api.Multipart()
                .file("files[]", "t.txt", "text/plain", new byte[] {1})), 400, "INVALID_PATH");
        assertError(key.upload("/uploads/\u2215secret", "t.txt", "x"), 400, "INVALID_PATH"); // division slash
        assertError(key.upload("/uploads/\uFF0E\uFF0E/secret", "t.txt", "x"), 400, "INVALID_PATH"); // fullwidth dots
        assertError(key.upload("/secret/", "t.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.upload("/uploadsX", "t.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        // folded slashes stay inside
        Api.Response folded = key.upload("/uploads//x", "t.txt", "x");
        assertThat(folded.status()).isEqualTo(200);
        assertThat(folded.json().path("file").path("folder").path("name").asText()).isEqualTo("/uploads/x");
    }

    @Test
    void aFolderOnlyScopeAllowsThatFolderAndNothingBelowIt() {
        Sass.Client key = sass(FOLDER_ONLY);
        assertThat(key.upload("/uploads", "f1.txt", "x").status()).isEqualTo(200);
        assertThat(key.upload("/uploads/", "f2.txt", "x").status()).isEqualTo(200);
        assertThat(key.upload("//uploads", "f3.txt", "x").status()).isEqualTo(200);
        assertError(key.upload("/uploads/sub", "f4.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.upload("/uploads//x", "f5.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.base64("/uploads", "sub/f6.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.upload("/uploadsX", "f7.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v4/folders", "{\"name\":\"/uploads/new\"}"), 403, "FOLDER_NOT_ALLOWED");
        // moving a file to a sub-folder, or the folder itself, is outside too
        assertError(key.postJson("/v4/files", "{\"files_uuids\":[\"" + fileUuid("/uploads/a.txt") + "\"],\"new_folder_name\":\"/uploads/sub\"}"),
                403, "FOLDER_NOT_ALLOWED");
        assertError(key.patchJson("/v4/folders/" + folderUuid("/uploads"), "{\"name\":\"renamed\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.delete("/v4/folders/" + folderUuid("/uploads")), 403, "FOLDER_NOT_ALLOWED");
        // a file directly inside can be renamed
        assertThat(key.patchJson("/v4/files/" + fileUuid("/uploads/a.txt"), "{\"name\":\"a2.txt\"}").status()).isEqualTo(200);
        assertThat(files()).contains("/uploads/f1.txt", "/uploads/f2.txt", "/uploads/f3.txt", "/uploads/a2.txt", "/uploads/sub/b.txt")
                .doesNotContain("/uploads/sub/f4.txt", "/uploads/x/f5.txt", "/uploads/sub/f6.txt");
    }

    // ------------------------------------------------------------------ moves, renames, deletes

    @Test
    void fileMovesCannotLeaveOrEnterTheScope() {
        Sass.Client key = sass(WRITER);
        String a = fileUuid("/uploads/a.txt");
        String d = fileUuid("/secret/d.txt");
        String secret = folderUuid("/secret");
        String sub = folderUuid("/uploads/sub");
        assertError(key.postJson("/v4/files", "{\"files_uuids\":[\"" + a + "\"],\"new_folder_name\":\"/secret\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v5/files/move", "{\"files_uuids\":[\"" + a + "\"],\"new_folder_name\":\"/secret\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v4/files", "{\"files_uuids\":[\"" + a + "\"],\"new_folder_name\":\"/elsewhere\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v4/files", "{\"files_uuids\":[\"" + a + "\"],\"new_folder_name\":\"/uploads/../secret\"}"), 400, "INVALID_PATH");
        assertError(key.putJson("/v4/files/" + a + "/folders/" + secret, "{}"), 403, "FOLDER_NOT_ALLOWED");
        // in from outside
        assertError(key.postJson("/v4/files", "{\"files_uuids\":[\"" + d + "\"],\"new_folder_name\":\"/uploads\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.putJson("/v4/files/" + d + "/folders/" + sub, "{}"), 403, "FOLDER_NOT_ALLOWED");
        // one outsider spoils the batch
        assertError(key.postJson("/v4/files", "{\"files_uuids\":[\"" + a + "\",\"" + d + "\"],\"new_folder_name\":\"/uploads/sub\"}"), 403,
                "FOLDER_NOT_ALLOWED");
        assertThat(files()).containsExactlyInAnyOrderElementsOf(FIXTURE);
        assertThat(folders()).doesNotContain("/elsewhere");
        // inside the scope it works
        assertThat(key.postJson("/v4/files", "{\"files_uuids\":[\"" + a + "\"],\"new_folder_name\":\"/uploads/sub\"}").status()).isEqualTo(200);
        assertThat(key.putJson("/v4/files/" + a + "/folders/" + folderUuid("/uploads"), "{}").status()).isEqualTo(200);
        assertThat(files()).containsExactlyInAnyOrderElementsOf(FIXTURE);
    }

    @Test
    void fileRenamesDeletesAndMetadataOutsideTheScopeAreRefused() {
        Sass.Client key = sass(WRITER);
        String d = fileUuid("/secret/d.txt");
        String c = fileUuid("/uploadsX/c.txt");
        assertError(key.patchJson("/v4/files/" + d, "{\"name\":\"d2.txt\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.putJson("/v5/file/" + c + "/name", "{\"name\":\"c2.txt\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.delete("/v4/files/" + d), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.deleteJson("/v5/files", "{\"files_uuids\":[\"" + fileUuid("/uploads/a.txt") + "\",\"" + d + "\"]}"), 403,
                "FOLDER_NOT_ALLOWED");
        assertError(key.putJson("/v5/file/" + d + "/meta", "{\"meta\":{\"x\":1}}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.putJson("/v5/file/" + d + "/tags", "{\"new_tags\":[\"x\"]}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.patchJson("/v4/files/" + fileUuid("/uploads/a.txt"), "{\"name\":\"../secret/a.txt\"}"), 400, "INVALID_PATH");
        assertThat(files()).containsExactlyInAnyOrderElementsOf(FIXTURE);
        assertThat(project.api.get("/v5/file/" + d).json().path("file").path("meta").has("x")).isFalse();
        // in scope
        assertThat(key.patchJson("/v4/files/" + fileUuid("/uploads/a.txt"), "{\"name\":\"a2.txt\"}").status()).isEqualTo(200);
        assertThat(key.delete("/v4/files/" + fileUuid("/uploads/sub/b.txt")).status()).isEqualTo(200);
        assertThat(files()).contains("/uploads/a2.txt").doesNotContain("/uploads/sub/b.txt");
    }

    @Test
    void folderMovesCannotLeaveOrEnterTheScope() {
        Sass.Client key = sass(WRITER);
        String sub = folderUuid("/uploads/sub");
        String secret = folderUuid("/secret");
        String uploads = folderUuid("/uploads");
        assertError(key.putJson("/v4/folders/" + sub + "/folders/" + secret, "{}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v4/folders", "{\"folders_uuids\":[\"" + sub + "\"],\"new_folder_name\":\"/secret\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v5/folders/move", "{\"folders_uuids\":[\"" + sub + "\"],\"new_folder_name\":\"/\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v5/folders/move", "{\"folders_uuids\":[\"" + sub + "\"],\"new_folder_name\":\"/fresh\"}"), 403,
                "FOLDER_NOT_ALLOWED");
        // the scope's own root cannot be moved away
        assertError(key.putJson("/v4/folders/" + uploads + "/folders/" + secret, "{}"), 403, "FOLDER_NOT_ALLOWED");
        // in from outside
        assertError(key.putJson("/v4/folders/" + secret + "/folders/" + uploads, "{}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v4/folders", "{\"folders_uuids\":[\"" + folderUuid("/uploadsX") + "\"],\"new_folder_name\":\"/uploads\"}"),
                403, "FOLDER_NOT_ALLOWED");
        assertThat(files()).containsExactlyInAnyOrderElementsOf(FIXTURE);
        assertThat(folders()).doesNotContain("/fresh", "/secret/sub", "/sub", "/uploads/secret");
        // inside the scope
        Api.Response moved = key.postJson("/v4/folders", "{\"folders_uuids\":[\"" + sub + "\"],\"new_folder_name\":\"/uploads/deeper\"}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(files()).contains("/uploads/deeper/sub/b.txt");
    }

    @Test
    void folderRenamesCreatesAndDeletesOutsideTheScopeAreRefused() {
        Sass.Client key = sass(WRITER);
        String uploads = folderUuid("/uploads");
        String sub = folderUuid("/uploads/sub");
        String secret = folderUuid("/secret");
        assertError(key.patchJson("/v4/folders/" + uploads, "{\"name\":\"elsewhere\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.putJson("/v5/folder/" + uploads + "/name", "{\"name\":\"uploadsY\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.patchJson("/v4/folders/" + secret, "{\"name\":\"uploads2\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.patchJson("/v4/folders/" + sub, "{\"name\":\"../secret\"}"), 400, "INVALID_PATH");
        assertError(key.postJson("/v4/folders", "{\"name\":\"/secret/new\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v4/folders", "{\"name\":\"/uploadsZ\"}"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.postJson("/v4/folders", "{\"name\":\"/uploads/../secret2\"}"), 400, "INVALID_PATH");
        assertError(key.delete("/v4/folders/" + secret), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.deleteJson("/v5/folders", "{\"folders_uuids\":[\"" + sub + "\",\"" + secret + "\"]}"), 403, "FOLDER_NOT_ALLOWED");
        assertThat(files()).containsExactlyInAnyOrderElementsOf(FIXTURE);
        assertThat(folders()).doesNotContain("/elsewhere", "/uploadsY", "/uploads2", "/secret/new", "/uploadsZ", "/secret2");
        // inside the scope
        assertThat(key.patchJson("/v4/folders/" + sub, "{\"name\":\"sub2\"}").status()).isEqualTo(200);
        assertThat(key.postJson("/v4/folders", "{\"name\":\"/uploads/made\"}").status()).isEqualTo(200);
        assertThat(key.delete("/v4/folders/" + folderUuid("/uploads/made")).status()).isEqualTo(200);
        assertThat(files()).contains("/uploads/sub2/b.txt");
    }

    // ================================================================== listing.dir_scope

    static final String READER = "{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\"],\"listing\":{\"dir_scope\":[\"/uploads/*\"]}}";

    @Test
    void recursiveListingsAndSearchesFromTheRootReturnOnlyTheScope() {
        project.api.multipart("/v4/files?folder=/secret", new Api.Multipart().field("meta[files[]]", "{\"brand\":\"classified\"}")
                .file("files[]", "meta.txt", "text/plain", new byte[] {1}));
        Sass.Client key = sass(READER);
        JsonNode all = key.get("/v5/files?folder=/&recursive=1").json();
        assertThat(names(all, "files")).containsExactlyInAnyOrder("a.txt", "b.txt", "pic.png");
        assertThat(all.path("info").path("total_files_count").asLong()).isEqualTo(3);
        for (JsonNode f : all.path("files")) assertThat(f.path("folder").path("name").asText()).startsWith("/uploads");
        assertThat(all.path("base").path("count").path("files_recursive").asLong()).isEqualTo(3);
        // paging does not widen it
        JsonNode paged = key.get("/v5/files?folder=/&recursive=1&limit=1&offset=2").json();
        assertThat(paged.path("info").path("total_files_count").asLong()).isEqualTo(3);
        assertThat(key.get("/v5/files?folder=/&recursive=1&limit=5&offset=3").json().path("files")).isEmpty();
        // v4 the same
        assertThat(names(key.get("/v4/files?folder=/&recursive=1").json(), "files")).hasSize(3);

        // searches
        assertThat(names(key.get("/v5/files?folder=/&recursive=1&q=txt").json(), "files")).containsExactlyInAnyOrder("a.txt", "b.txt");
        assertThat(key.get("/v5/files?folder=/&recursive=1&q=d.txt").json().path("files")).isEmpty();
        assertThat(key.get("/v5/files?folder=/&recursive=1&q=" + Api.enc("brand:classified")).json().path("files")).isEmpty();
        assertThat(key.get("/v5/files?folder=/&recursive=1&q=classified").json().path("info").path("total_files_count").asLong()).isZero();
        assertThat(key.get("/v5/files?folder=/&recursive=1&mime=image/png").json().path("files")).hasSize(1);
        // the root itself holds e.txt, which is outside
        assertThat(key.get("/v5/files?folder=/").json().path("files")).isEmpty();
        // an API key sees everything (the control)
        assertThat(project.api.get("/v5/files?folder=/&recursive=1&q=classified").json().path("files")).hasSize(1);
    }

    @Test
    void statsCountOnlyTheScope() {
        Sass.Client key = sass(READER);
        JsonNode files = key.get("/v5/files/stats?folder=/&recursive=1").json();
        assertThat(files.path("stats").path("approx_files_count").asLong()).isEqualTo(3);
        assertThat(files.path("info").path("total_files_count").asLong()).isEqualTo(3);
        JsonNode folders = key.get("/v5/folders/stats?folder=/&recursive=1").json();
        assertThat(folders.path("stats").path("approx_files_count").asLong()).isEqualTo(3);
        assertThat(folders.path("stats").path("approx_folders_count").asLong()).isEqualTo(2);
        assertError(key.get("/v5/files/stats?folder=/secret"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v5/folders/stats?folder=/secret"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v5/files/stats?folder=/uploadsX&recursive=1"), 403, "FOLDER_NOT_ALLOWED");
    }

    @Test
    void folderListingsShowOnlyTheScope() {
        Sass.Client key = sass(READER);
        assertThat(paths(key.get("/v5/folders?folder=/&recursive=1").json())).containsExactlyInAnyOrder("/uploads", "/uploads/sub");
        assertThat(paths(key.get("/v5/folders?folder=/").json())).containsExactly("/uploads");
        assertThat(key.get("/v5/folders?folder=/&recursive=1").json().path("info").path("total_folders_count").asLong()).isEqualTo(2);
        assertThat(paths(key.get("/v5/folders?folder=/&recursive=1&q=secret").json())).isEmpty();
        assertThat(paths(key.get("/v5/folders?folder=/&recursive=1&q=uploads").json())).containsExactlyInAnyOrder("/uploads", "/uploads/sub");
        JsonNode base = key.get("/v5/folders?folder=/").json().path("base");
        assertThat(base.path("count").path("files_recursive").asLong()).isEqualTo(3);
        JsonNode uploads = key.get("/v5/folders?folder=/").json().path("folders").get(0);
        assertThat(uploads.path("count").path("files_recursive").asLong()).isEqualTo(3);
        assertError(key.get("/v5/folders?folder=/secret"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v5/folders?folder=/uploadsX"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v5/files?folder=/secret"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v5/files?folder=/secret&recursive=1"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v5/files?dir=/uploadsX"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v5/files?folder=" + Api.enc("/uploads/../secret")), 400, "INVALID_PATH");
        assertThat(key.get("/v5/files?folder=/uploads/sub").status()).isEqualTo(200);
    }

    @Test
    void detailsAndDownloadsOutsideTheScopeAreRefused() {
        Sass.Client key = sass(READER);
        for (String outside : List.of("/secret/d.txt", "/uploadsX/c.txt", "/e.txt", "/secret/pic.png")) {
            String uuid = fileUuid(outside);
            assertError(key.get("/v5/file/" + uuid), 403, "FOLDER_NOT_ALLOWED");
            assertError(key.get("/v4/files/" + uuid), 403, "FOLDER_NOT_ALLOWED");
            Api.Response bytes = key.get("/v4/get/" + uuid);
            assertError(bytes, 403, "FOLDER_NOT_ALLOWED");
            assertThat(bytes.text()).doesNotContain("content of");
            assertThat(Sass.send(key.base + "/v4/get/" + uuid, "HEAD", null, null, "X-Filerobot-Key", key.key).status()).isEqualTo(403);
        }
        for (String folder : List.of("/secret", "/uploadsX", "/")) {
            assertError(key.get("/v5/folder/" + folderUuid(folder)), 403, "FOLDER_NOT_ALLOWED");
        }
        String a = fileUuid("/uploads/a.txt");
        assertThat(key.get("/v5/file/" + a).json().path("file").path("name").asText()).isEqualTo("a.txt");
        assertThat(key.get("/v4/get/" + a).text()).isEqualTo("content of /uploads/a.txt");
        assertThat(key.get("/v4/get/" + fileUuid("/uploads/sub/b.txt")).status()).isEqualTo(200);
        JsonNode folder = key.get("/v5/folder/" + folderUuid("/uploads")).json().path("folder");
        assertThat(folder.path("count").path("files_recursive").asLong()).isEqualTo(3);
    }

    @Test
    void folderPreviewsShowOnlyImagesInTheScope() {
        Sass.Client key = sass(READER);
        String root = folderUuid("/");
        String secret = folderUuid("/secret");
        JsonNode previews = key.postJson("/v5/folders/previews", "{\"folders\":[\"" + root + "\",\"" + secret + "\"]}").json();
        List<String> seen = new ArrayList<>();
        previews.path("folders").path(root).forEach(p -> seen.add(p.path("file_uuid").asText()));
        assertThat(seen).containsExactly(fileUuid("/uploads/pic.png"));
        assertThat(previews.path("folders").path(secret)).isEmpty();
    }

    @Test
    void aFolderOnlyListingScopeHidesItsSubFolders() {
        Sass.Client key = sass(READER.replace("/uploads/*", "/uploads"));
        assertThat(names(key.get("/v5/files?folder=/&recursive=1").json(), "files")).containsExactlyInAnyOrder("a.txt", "pic.png");
        assertThat(names(key.get("/v5/files?folder=/uploads&recursive=1").json(), "files")).containsExactlyInAnyOrder("a.txt", "pic.png");
        assertThat(paths(key.get("/v5/folders?folder=/&recursive=1").json())).containsExactly("/uploads");
        assertError(key.get("/v5/files?folder=/uploads/sub"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v5/file/" + fileUuid("/uploads/sub/b.txt")), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v4/get/" + fileUuid("/uploads/sub/b.txt")), 403, "FOLDER_NOT_ALLOWED");
    }

    @Test
    void severalListingEntriesAndNestedRoots() {
        Sass.Client key = sass("{\"permissions\":[\"OBJECTS_LIST\",\"OBJECTS_FETCH\"],\"listing\":{\"dir_scope\":[\"/uploads/sub/*\",\"/uploadsX\"]}}");
        assertThat(names(key.get("/v5/files?folder=/&recursive=1").json(), "files")).containsExactlyInAnyOrder("b.txt", "c.txt");
        // /uploads leads into the scope, so it can be listed to navigate, but shows nothing of its own
        assertThat(key.get("/v5/files?folder=/uploads").json().path("files")).isEmpty();
        assertError(key.get("/v5/file/" + fileUuid("/uploads/a.txt")), 403, "FOLDER_NOT_ALLOWED");
        assertThat(key.get("/v5/file/" + fileUuid("/uploadsX/c.txt")).status()).isEqualTo(200);
    }

    @Test
    void uploadAndListingScopesAreIndependent() {
        Sass.Client key = sass("{\"permissions\":[\"OBJECTS_LIST\",\"FILE_UPLOAD\"],\"upload\":{\"dir_scope\":[\"/inbox\"]},"
                + "\"listing\":{\"dir_scope\":[\"/uploads/*\"]}}");
        assertThat(key.upload("/inbox", "drop.txt", "x").status()).isEqualTo(200);
        assertError(key.upload("/uploads", "drop.txt", "x"), 403, "FOLDER_NOT_ALLOWED");
        assertError(key.get("/v5/files?folder=/inbox"), 403, "FOLDER_NOT_ALLOWED");
        assertThat(names(key.get("/v5/files?folder=/&recursive=1").json(), "files")).doesNotContain("drop.txt");
    }

    /** The public CDN path is not part of the key scopes; with cdn-public=false it is held to the listing scope. */
    @Nested
    @WithServer
    @ServerSetting(key = Setting.CDN_PUBLIC, value = "false")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PrivateCdn {
        TestServer privateCdn;

        @BeforeAll
        void start(TestServer started) {
            privateCdn = started;
            privateCdn.createProject("p");
            Api api = privateCdn.allKey("p").in("p");
            assertThat(api.upload("/uploads", "a.txt", "in").status()).isEqualTo(200);
            assertThat(api.upload("/secret", "d.txt", "out").status()).isEqualTo(200);
        }

        @Test
        void cdnPathsOutsideTheListingScopeAreRefused() {
            String key = Sass.key(privateCdn, "p", template(privateCdn.allKey("p"), "p", READER));
            Sass.Client c = new Sass.Client(privateCdn, "p", key);
            assertThat(c.get("/cdn/uploads/a.txt").text()).isEqualTo("in");
            assertError(c.get("/cdn/secret/d.txt"), 403, "FOLDER_NOT_ALLOWED");
            assertThat(c.get("/cdn/uploads/../secret/d.txt").status()).isIn(400, 403, 404);
            assertThat(c.get("/cdn/uploads%2F..%2Fsecret/d.txt").text()).doesNotContain("out");
        }
    }
}
