package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Permission;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What image facts feed (issue 14, part B) over HTTP: thumbnail and preview URLs in file objects
 * (signed for files that are not public), the q= terms on orientation, resolution, type, size and
 * dates (run on both catalogs), resize=W,H on upload, and a project's image settings: GPS, named
 * presets listed as a file's variants, and the allow-list url.cdn enforces.
 */
@WithServer
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
class ImageListingApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;
    static UploadPathsTest.Origin origin;
    String token;
    Api api;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        origin = new UploadPathsTest.Origin("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        origin.close();
    }

    @BeforeEach
    void project(TestProject fresh) {
        token = fresh.token;
        api = fresh.api;
    }

    // ================================================================== thumbnails in file objects

    @Test
    void filesCarryThumbnailAndPreviewUrlsThatDeliverSmallPictures() {
        JsonNode file = upload("/pub", "big.png", picture(1600, 1200));
        JsonNode info = file.path("info");
        String cdn = file.path("url").path("cdn").asText();
        assertThat(info.path("thumbnail").asText()).isEqualTo(cdn + "&w=250&h=250&func=bound");
        assertThat(info.path("preview").asText()).isEqualTo(cdn + "&w=1000&h=1000&func=bound");
        assertThat(dimensions(api.anonymous().get(path(info.path("thumbnail").asText())))).containsExactly(250, 188);
        assertThat(dimensions(api.anonymous().get(path(info.path("preview").asText())))).containsExactly(1000, 750);
        // in listings too, the same
        JsonNode listed = ok(api.get("/v5/files?folder=/pub")).path("files").path(0);
        assertThat(listed.path("info").path("thumbnail").asText()).isEqualTo(info.path("thumbnail").asText());

        JsonNode text = upload("/pub", "a.txt", "text".getBytes());
        assertThat(text.path("info").has("thumbnail")).as("no picture to show").isFalse();
        JsonNode svg = upload("/pub", "s.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>".getBytes());
        assertThat(svg.path("info").path("thumbnail").asText()).as("an SVG is sent as it is").isEqualTo(svg.path("url").path("cdn").asText());
    }

    @Test
    void aFileThatIsNotPublicGetsSignedThumbnailsThatCoverTheirTransformation() {
        JsonNode file = upload("/priv", "p.png", picture(600, 300));
        ok(api.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":[\"" + file.path("uuid").asText() + "\"],\"visibility\":\"not_public\"}"));
        JsonNode info = ok(api.get("/v5/file/" + file.path("uuid").asText())).path("file").path("info");
        String thumbnail = info.path("thumbnail").asText();
        assertThat(thumbnail).contains("w=250&h=250&func=bound&expires=").contains("&signature=");
        assertThat(dimensions(api.anonymous().get(path(thumbnail)))).as("signed: no key needed").containsExactly(250, 125);
        assertThat(api.anonymous().get(path(thumbnail).replace("w=250", "w=600")).code()).isEqualTo("SIGNATURE_INVALID");
        assertThat(api.anonymous().get(path(thumbnail).replaceAll("\\?.*", "")).status()).as("the original stays private").isEqualTo(404);
    }

    @Test
    void signedThumbnailsAreSignedAgainAsTimePasses() {
        String uuid = upload("/priv", "p.png", picture(60, 30)).path("uuid").asText();
        ok(api.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":[\"" + uuid + "\"],\"visibility\":\"not_public\"}"));
        long details = expires(ok(api.get("/v5/file/" + uuid)).path("file"));
        long listed = expires(ok(api.get("/v5/files?folder=/priv")).path("files").path(0));
        assertThat(expires(ok(api.get("/v5/file/" + uuid)).path("file"))).as("read again at once: the same").isEqualTo(details);
        server.clock.advance(java.time.Duration.ofHours(3)); // nothing in the catalog changes; the signatures' lifetime moves on
        assertThat(expires(ok(api.get("/v5/file/" + uuid)).path("file"))).as("details, not kept from before").isGreaterThan(details);
        assertThat(expires(ok(api.get("/v5/files?folder=/priv")).path("files").path(0))).as("listing, not kept from before")
                .isGreaterThan(listed);
    }

    /** The expiry of a file object's signed thumbnail URL, in Unix seconds. */
    private static long expires(JsonNode file) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]expires=(\\d+)").matcher(file.path("info").path("thumbnail").asText());
        assertThat(m.find()).as(file.toString()).isTrue();
        return Long.parseLong(m.group(1));
    }

    // ================================================================== q= terms

    @Test
    void searchTermsOnImageFactsSizeAndDates() {
        upload("/s", "portrait.png", picture(100, 150));
        upload("/s", "landscape.png", picture(150, 100));
        upload("/s", "square.jpg", jpeg(120, 120));
        upload("/s", "pano.png", picture(400, 100));
        upload("/s", "large.png", picture(2000, 2100));
        upload("/s", "notes.txt", "x".repeat(300_000).getBytes()); // larger than any of the pictures

        assertThat(names("orientation:PO")).containsExactly("large.png", "portrait.png");
        assertThat(names("orientation:\"PO,LD\"")).containsExactly("landscape.png", "large.png", "portrait.png");
        assertThat(names("orientation:SQ,PA")).containsExactly("pano.png", "square.jpg");
        assertThat(names("-orientation:PO")).as("files without an orientation are not PO either")
                .containsExactly("landscape.png", "notes.txt", "pano.png", "square.jpg");
        assertThat(names("orientation:XX")).isEmpty();
        assertThat(names("resolution:large")).containsExactly("large.png");
        assertThat(names("resolution:\"small,large\"")).containsExactly("landscape.png", "large.png", "pano.png", "portrait.png", "square.jpg");
        assertThat(names("resolution:medium")).isEmpty();
        assertThat(names("type:image_jpg")).containsExactly("square.jpg");
        assertThat(names("type:\"image_png\",\"text_txt\"")).hasSize(5);
        assertThat(names("type:image/jpeg")).containsExactly("square.jpg");
        assertThat(names("type:text")).containsExactly("notes.txt");
        assertThat(names("size>299999")).containsExactly("notes.txt");
        assertThat(names("size:299000..301000")).containsExactly("notes.txt");
        assertThat(names("size:300000")).containsExactly("notes.txt");
        assertThat(names("size<300000+type:text")).isEmpty();
        assertThat(names("size:abc")).isEmpty();
        assertThat(names("orientation:PO+resolution:small")).containsExactly("portrait.png");

        String today = server.clock.instant().toString().substring(0, 10);
        String yesterday = server.clock.instant().minusSeconds(86400).toString().substring(0, 10);
        assertThat(names("created_at:" + today)).hasSize(6);
        assertThat(names("created_at:>" + yesterday)).hasSize(6);
        assertThat(names("created_at<" + today)).isEmpty();
        assertThat(names("updated_at:\"" + yesterday + ".." + today + "\"")).hasSize(6);
        assertThat(names("updated_at:>" + today)).isEmpty();
        assertThat(names("created_at:<=\"" + server.clock.instant().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString() + "\"")).hasSize(6);
    }

    // ================================================================== resize on upload

    @Test
    void resizeDownscalesOnEveryUploadPathKeepingTheAspect() {
        byte[] png = picture(400, 200);
        List<JsonNode> files = new ArrayList<>();
        files.add(ok(api.multipart("/v4/files?folder=/r&resize=100,100", new Api.Multipart().file("files[]", "multi.png", "image/png", png))).path("file"));
        files.add(ok(api.postJson("/v4/files?folder=/r&resize=100,100", JSON.createObjectNode().put("name", "b64.png")
                .put("data", Base64.getEncoder().encodeToString(png)).put("postactions", "decode_base64").toString())).path("file"));
        files.add(ok(api.putBytes("/v4/files?folder=/r&filename=put.png&resize=100,100", png, "image/png")).path("file"));
        files.add(ok(api.putBytes("/v4/files?folder=/r&filename=photo.jpg&resize=100,100", jpeg(400, 200), "image/jpeg")).path("file"));
        origin.serve("/pic.png", 200, "image/png", png, null);
        ObjectNode byUrl = JSON.createObjectNode();
        byUrl.putArray("files_urls").addObject().put("url", origin.url("/pic.png")).put("name", "url.png");
        files.add(ok(api.postJson("/v4/files?folder=/r&resize=100,100", byUrl.toString())).path("files").path(0));
        for (JsonNode file : files) {
            String name = file.path("name").asText();
            assertThat(file.path("info").path("img_w").asInt()).as(name).isEqualTo(100);
            assertThat(file.path("info").path("img_h").asInt()).as(name).isEqualTo(50);
            Api.Response stored = api.get(path(file.path("url").path("public").asText()));
            assertThat(dimensions(stored)).as(name + ": the stored picture itself").containsExactly(100, 50);
            assertThat(file.path("size").path("bytes").asLong()).isEqualTo(stored.bytes().length);
            assertThat(file.path("hash").path("sha1").asText()).isEqualTo(sha1(stored.bytes()));
        }
        JsonNode small = ok(api.putBytes("/v4/files?folder=/r&filename=small.png&resize=1000,1000", png, "image/png")).path("file");
        assertThat(api.get(path(small.path("url").path("public").asText())).bytes()).as("never enlarged: kept as sent").isEqualTo(png);
        JsonNode text = ok(api.putBytes("/v4/files?folder=/r&filename=t.txt&resize=10,10", "text".getBytes(), "text/plain")).path("file");
        assertThat(text.path("size").path("bytes").asInt()).isEqualTo(4);
    }

    @Test
    void badResizeAndPixelBombsAreRefusedAndStoreNothing() {
        for (String bad : new String[] {"abc", "100", "0,10", "-1,5", "10,10,10", "1e3,5", "10,"}) {
            Api.Response r = api.putBytes("/v4/files?folder=/bad&filename=x.png&resize=" + Api.enc(bad), picture(40, 20), "image/png");
            assertThat(r.status()).as(bad + " " + r).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
            Api.Response multi = api.multipart("/v4/files?folder=/bad&resize=" + Api.enc(bad),
                    new Api.Multipart().file("files[]", "m.png", "image/png", picture(40, 20)));
            assertThat(multi.code()).as(bad).isEqualTo("INVALID_PARAMETER");
        }
        Api.Response bomb = api.putBytes("/v4/files?folder=/bad&filename=bomb.png&resize=100,100",
                ImagesApiTest.declaring(picture(20, 20), 50000, 50000), "image/png");
        assertThat(bomb.status()).as(bomb.toString()).isEqualTo(422);
        assertThat(bomb.code()).isEqualTo("IMAGE_TOO_LARGE");
        assertThat(api.get("/v5/files?folder=/&recursive=1").json().path("files")).as("nothing stored").isEmpty();
        assertThat(server.blobKeys(token + "/")).as("no blob left behind").isEmpty();
    }

    // ================================================================== project image settings

    @Test
    void presetsAreTheVariantsOfAFileAndTheAllowListIsEnforced() {
        JsonNode file = upload("/v", "v.png", picture(800, 400));
        String uuid = file.path("uuid").asText();
        assertThat(ok(api.get("/v5/file/" + uuid + "/variants")).path("variants")).as("no presets yet").isEmpty();
        JsonNode settings = ok(api.putJson("/v5/settings/images",
                "{\"presets\":{\"card\":\"width=300&h=200\",\"small\":\"w=100\"},\"restrict_transformations\":true,\"allowed_sizes\":[\"640\",\"x90\"]}"))
                .path("settings");
        assertThat(settings.path("presets").path("card").asText()).as("stored in canonical form").isEqualTo("w=300&h=200&func=crop");
        assertThat(ok(api.get("/v4/settings/images")).path("settings")).isEqualTo(settings);

        for (String path : new String[] {"/v5/file/", "/v4/files/"}) {
            JsonNode variants = ok(api.get(path + uuid + "/variants")).path("variants");
            assertThat(variants).hasSize(2);
            assertThat(variants.path(0).path("variant_name").asText()).isEqualTo("card");
            assertThat(variants.path(0).path("variant_query").asText()).isEqualTo("w=300&h=200&func=crop");
            assertThat(variants.path(0).path("variant_uuid").asText()).hasSize(36);
            assertThat(dimensions(api.anonymous().get(path(variants.path(0).path("variant_url").asText())))).containsExactly(300, 200);
            assertThat(dimensions(api.anonymous().get(path(variants.path(1).path("variant_url").asText())))).containsExactly(100, 50);
        }
        String cdn = path(file.path("url").path("public").asText());
        Api.Response refused = api.anonymous().get(cdn + "?w=123");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("TRANSFORMATION_NOT_ALLOWED");
        assertThat(dimensions(api.anonymous().get(cdn + "?w=640"))).as("an allowed size").containsExactly(640, 320);
        assertThat(dimensions(api.anonymous().get(cdn + "?h=90"))).containsExactly(180, 90);
        assertThat(dimensions(api.anonymous().get(path(file.path("info").path("thumbnail").asText())))).as("the server's own").containsExactly(250, 125);
        assertThat(api.anonymous().get(cdn).status()).as("the original").isEqualTo(200);

        JsonNode text = upload("/v", "t.txt", "x".getBytes());
        assertThat(ok(api.get("/v5/file/" + text.path("uuid").asText() + "/variants")).path("variants")).isEmpty();
    }

    @Test
    void badSettingsAreRefusedAndChangeNothing() {
        ok(api.putJson("/v5/settings/images", "{\"presets\":{\"a\":\"w=10\"}}"));
        for (String bad : new String[] {"{\"presets\":{\"a b\":\"w=10\"}}", "{\"presets\":{\"a\":\"w=abc\"}}", "{\"presets\":{\"a\":\"vh=1\"}}",
            "{\"presets\":{\"a\":5}}", "{\"exif_gps\":\"yes\"}", "{\"allowed_sizes\":[\"big\"]}", "{\"allowed_sizes\":[\"0x5\"]}",
            "{\"allowed_sizes\":\"250\"}", "{\"unknown\":1}", "[]"}) {
            Api.Response r = api.putJson("/v5/settings/images", bad);
            assertThat(r.status()).as(bad + " " + r).isEqualTo(400);
        }
        assertThat(ok(api.get("/v5/settings/images")).path("settings").path("presets").path("a").asText()).isEqualTo("w=10");
        Api reader = server.keyFor(List.of(token), Permission.OBJECTS_FETCH, Permission.OBJECTS_LIST).in(token);
        assertThat(reader.get("/v5/settings/images").status()).isEqualTo(403);
        assertThat(reader.putJson("/v5/settings/images", "{}").status()).isEqualTo(403);
    }

    @Test
    void gpsIsKeptOnlyWhenTheProjectAllowsIt() {
        byte[] photo = ImageFactsApiTest.withExif(ImageFactsApiTest.jpeg(60, 40), ImageFactsApiTest.cameraExif());
        assertThat(upload("/g", "a.jpg", photo).path("info").path("metadata").has("gps")).isFalse();
        ok(api.putJson("/v5/settings/images", "{\"exif_gps\":true}"));
        JsonNode gps = upload("/g", "b.jpg", photo).path("info").path("metadata").path("gps");
        assertThat(gps.path("latitude").asDouble()).isEqualTo(48.5);
        assertThat(gps.path("longitude").asDouble()).isEqualTo(2.25);
    }

    // ================================================================== helpers

    private List<String> names(String q) {
        JsonNode files = ok(api.get("/v5/files?folder=/s&sort=name:asc&q=" + Api.enc(q))).path("files");
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    private JsonNode upload(String folder, String name, byte[] bytes) {
        String type = name.endsWith(".png") ? "image/png" : name.endsWith(".jpg") ? "image/jpeg" : name.endsWith(".svg") ? "image/svg+xml" : "text/plain";
        return ok(api.putBytes("/v4/files?folder=" + folder + "&filename=" + Api.enc(name), bytes, type)).path("file");
    }

    /** The path and query of a URL of this server. */
    private String path(String url) {
        return url.substring(url.indexOf("/" + token + "/") + token.length() + 1);
    }

    private static byte[] picture(int w, int h) {
        return ImageFactsApiTest.picture(w, h, Color.ORANGE, Color.BLUE);
    }

    private static byte[] jpeg(int w, int h) {
        return ImageFactsApiTest.jpeg(w, h);
    }

    private static List<Integer> dimensions(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.bytes()));
            assertThat(img).as("an image came back").isNotNull();
            return List.of(img.getWidth(), img.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode ok(Api.Response r) {
        return UploadPathsTest.ok(r);
    }
}
