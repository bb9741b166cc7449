package dev.assetgate.http;

import static dev.assetgate.support.Api.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Images (issue 14) over HTTP: facts read at upload on every path, Cloudimage transformations on
 * url.cdn with their output sizes, the derivative cache, the refusals (pixel bombs, broken images,
 * private files, altered signed URLs, a full queue) and delivery caching headers. On the pure-Java
 * engine here; {@link ImagesApiOnVipsTest} runs the same tests on libvips.
 */
@WithServer
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
@ServerSetting(key = Setting.IMAGE_ENGINE, value = "java")
class ImagesApiTest {
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

    // ================================================================== facts at upload

    @Test
    void factsAreReadOnEveryUploadPath() {
        byte[] png = png(300, 200);
        List<JsonNode> files = new ArrayList<>();
        files.add(ok(api.multipart("/v4/files?folder=/f", new Api.Multipart().file("files[]", "multi.png", "image/png", png))).path("file"));
        files.add(ok(api.postJson("/v4/files?folder=/f", JSON.createObjectNode().put("name", "b64.png")
                .put("data", Base64.getEncoder().encodeToString(png)).put("postactions", "decode_base64").toString())).path("file"));
        files.add(ok(api.putBytes("/v4/files?folder=/f&filename=put.png", png, "image/png")).path("file"));
        origin.serve("/pic.png", 200, "image/png", png, null);
        ObjectNode byUrl = JSON.createObjectNode();
        byUrl.putArray("files_urls").addObject().put("url", origin.url("/pic.png")).put("name", "url.png");
        files.add(ok(api.postJson("/v4/files?folder=/f", byUrl.toString())).path("files").path(0));
        for (JsonNode file : files) {
            JsonNode info = file.path("info");
            assertThat(info.path("img_w").asInt()).as(file.path("name").asText()).isEqualTo(300);
            assertThat(info.path("img_h").asInt()).isEqualTo(200);
            assertThat(info.path("img_o").asText()).isEqualTo("LD");
            assertThat(info.path("img_type").asText()).isEqualTo("PNG");
            assertThat(info.path("area").asLong()).isEqualTo(60000);
            assertThat(info.path("img_color_space").asText()).isEqualTo("RGB");
            // and stored: the file read back later carries them too
            JsonNode again = ok(api.get("/v5/file/" + file.path("uuid").asText())).path("file");
            assertThat(again.path("info").path("img_w").asInt()).isEqualTo(300);
        }
    }

    @Test
    void orientationFollowsExifAndShapeNamesTheAspect() {
        JsonNode turned = upload("phone.jpg", "image/jpeg", withExifOrientation(jpeg(300, 200), 6));
        assertThat(turned.path("info").path("img_w").asInt()).as("stored 300 wide, shown turned a quarter").isEqualTo(200);
        assertThat(turned.path("info").path("img_h").asInt()).isEqualTo(300);
        assertThat(turned.path("info").path("img_o").asText()).isEqualTo("PO");
        assertThat(turned.path("info").path("img_type").asText()).isEqualTo("JPEG");
        Api.Response upright = api.anonymous().get(cdn(turned, "w=100"));
        assertThat(dimensions(upright)).as("derivatives are upright too").containsExactly(100, 150);
        // the blue top-left quarter of the stored picture, turned a quarter clockwise, is top right
        assertThat(blue(upright, 90, 10)).isTrue();
        assertThat(blue(upright, 10, 10)).isFalse();
        assertThat(upload("sq.png", "image/png", png(50, 50)).path("info").path("img_o").asText()).isEqualTo("SQ");
        assertThat(upload("pano.png", "image/png", png(400, 100)).path("info").path("img_o").asText()).isEqualTo("PA");
    }

    @Test
    void filesThatAreNoImagesKeepNoFacts() {
        JsonNode text = upload("a.txt", "text/plain", "hello".getBytes());
        assertThat(text.path("info").has("img_w")).isFalse();
        JsonNode broken = upload("broken.png", "image/png", "not a png at all".getBytes());
        assertThat(broken.path("info").has("img_w")).isFalse();
        assertThat(broken.path("info").path("ext").asText()).isEqualTo("png");
    }

    // ================================================================== transformations

    @Test
    void eachFuncGivesItsDimensions() {
        JsonNode file = upload("wide.png", "image/png", png(400, 200));
        Map<String, List<Integer>> expected = new java.util.LinkedHashMap<>();
        expected.put("w=100", List.of(100, 50));
        expected.put("width=100", List.of(100, 50));
        expected.put("h=50", List.of(100, 50));
        expected.put("w=100&dpr=2", List.of(200, 100));
        expected.put("w=100&h=100", List.of(100, 100)); // crop is the default
        expected.put("w=100&h=100&func=crop", List.of(100, 100));
        expected.put("w=100&h=100&func=fit", List.of(100, 100));
        expected.put("w=100&h=100&func=bound", List.of(100, 50));
        expected.put("w=800&h=800&func=bound", List.of(400, 200));
        expected.put("w=100&h=100&func=cover", List.of(200, 100));
        expected.put("w=800&h=800&func=cropfit", List.of(200, 200));
        expected.put("w=100&h=100&func=cropfit", List.of(100, 100));
        expected.put("w=100&h=100&func=zoom", List.of(100, 50)); // not modelled: bound
        expected.put("w=100&unknown=7&vh=abc", List.of(100, 50));
        expected.put("w=999999", List.of(4096, 2048)); // capped by image-max-dimension
        expected.forEach((query, size) -> {
            Api.Response r = api.anonymous().get(cdn(file, query));
            assertThat(r.status()).as(query + " " + r).isEqualTo(200);
            assertThat(dimensions(r)).as(query).containsExactlyElementsOf(size);
        });
    }

    @Test
    void formatQualityAndOriginalIfSmaller() {
        byte[] png = png(400, 200);
        JsonNode file = upload("f.png", "image/png", png);
        Api.Response jpeg = api.anonymous().get(cdn(file, "w=100&force_format=jpeg&q=40"));
        assertThat(jpeg.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(dimensions(jpeg)).containsExactly(100, 50);
        assertThat(api.anonymous().get(cdn(file, "w=100")).header("Content-Type")).as("a PNG stays PNG").isEqualTo("image/png");
        if (onVips()) {
            assertThat(api.anonymous().get(cdn(file, "w=100&force_format=webp")).header("Content-Type")).isEqualTo("image/webp");
        } else {
            assertThat(api.anonymous().get(cdn(file, "w=100&force_format=webp")).header("Content-Type"))
                    .as("no WebP writer in the pure-Java engine: the default format").isEqualTo("image/png");
            Api.Response avif = api.anonymous().get(cdn(file, "w=100&force_format=avif"));
            assertThat(avif.header("Content-Type")).as("nor AVIF").isEqualTo("image/png");
            Api.Response accept = api.anonymous().get(cdn(file, "w=100"), "Accept", "image/avif,image/webp,*/*");
            assertThat(accept.header("Content-Type")).as("Accept cannot change what this engine writes").isEqualTo("image/png");
            assertThat(accept.header("Vary")).as("so the answer does not vary with it").isNull();
        }
        Api.Response original = api.anonymous().get(cdn(file, "w=1000&org_if_sml=1"));
        assertThat(original.bytes()).as("smaller than asked: the original bytes").isEqualTo(png);
        assertThat(dimensions(api.anonymous().get(cdn(file, "w=200&org_if_sml=1")))).containsExactly(200, 100);
        assertError(api.anonymous().get(cdn(file, "w=abc")), 400, "INVALID_PARAMETER");
        assertError(api.anonymous().get(cdn(file, "w=10&q=0")), 400, "INVALID_PARAMETER");
    }

    @Test
    void gravityChoosesWhatACropKeeps() {
        // png(400, 200): its top-left quarter (200 x 100) is blue, the rest orange
        JsonNode file = upload("g.png", "image/png", png(400, 200));
        Api.Response west = api.anonymous().get(cdn(file, "w=100&h=100&gravity=west"));
        assertThat(blue(west, 10, 10) && blue(west, 90, 10)).as("west keeps the left half: blue across the top").isTrue();
        Api.Response east = api.anonymous().get(cdn(file, "w=100&h=100&gravity=east"));
        assertThat(blue(east, 10, 10) || blue(east, 90, 10)).as("east keeps the right half: no blue").isFalse();
        Api.Response centre = api.anonymous().get(cdn(file, "w=100&h=100"));
        assertThat(blue(centre, 10, 10) && !blue(centre, 90, 10)).as("the centre: blue on the left only").isTrue();
        Api.Response north = api.anonymous().get(cdn(file, "w=100&h=25&gravity=north"));
        assertThat(blue(north, 10, 12)).as("north keeps the top strip").isTrue();
        Api.Response south = api.anonymous().get(cdn(file, "w=100&h=25&gravity=south"));
        assertThat(blue(south, 10, 12)).as("south keeps the bottom strip").isFalse();
        assertThat(dimensions(api.anonymous().get(cdn(file, "w=100&h=100&gravity=southwest&func=cropfit")))).containsExactly(100, 100);
        assertThat(dimensions(api.anonymous().get(cdn(file, "w=100&h=100&gravity=auto")))).containsExactly(100, 100);
        assertThat(etagOf(api.anonymous().get(cdn(file, "w=100&h=100&gravity=center"))))
                .as("the default gravity spelled out is the same derivative").isEqualTo(etagOf(centre));
        assertThat(etagOf(api.anonymous().get(cdn(file, "w=100&gravity=north"))))
                .as("without a crop gravity changes nothing").isEqualTo(etagOf(api.anonymous().get(cdn(file, "w=100"))));
    }

    @Test
    void fitPadsWithTheBackgroundColour() throws IOException {
        JsonNode file = upload("bg.png", "image/png", png(400, 200));
        Api.Response red = api.anonymous().get(cdn(file, "w=100&h=100&func=fit&bg_color=ff0000&force_format=jpeg"));
        assertThat(dimensions(red)).containsExactly(100, 100);
        Color pad = new Color(ImageIO.read(new ByteArrayInputStream(red.bytes())).getRGB(50, 5));
        assertThat(pad.getRed()).as("the padding above the picture is red: " + pad).isGreaterThan(200);
        assertThat(pad.getGreen()).isLessThan(60);
        Api.Response named = api.anonymous().get(cdn(file, "w=100&h=100&func=fit&background=%23000&force_format=jpeg"));
        assertThat(new Color(ImageIO.read(new ByteArrayInputStream(named.bytes())).getRGB(50, 5)).getRed()).as("background=#000").isLessThan(40);
        Api.Response clear = api.anonymous().get(cdn(file, "w=100&h=100&func=fit"));
        assertThat(new Color(ImageIO.read(new ByteArrayInputStream(clear.bytes())).getRGB(50, 5), true).getAlpha())
                .as("a PNG is padded transparent by default").isZero();
        Api.Response white = api.anonymous().get(cdn(file, "w=100&h=100&func=fit&force_format=jpeg"));
        assertThat(new Color(ImageIO.read(new ByteArrayInputStream(white.bytes())).getRGB(50, 5)).getBlue()).as("a JPEG white").isGreaterThan(200);
        assertError(api.anonymous().get(cdn(file, "w=100&h=100&func=fit&bg_color=notacolour")), 400, "INVALID_PARAMETER");
    }

    @Test
    void otherFilesIgnoreImageParameters() {
        JsonNode text = upload("t.txt", "text/plain", "plain".getBytes());
        Api.Response r = api.anonymous().get(cdn(text, "w=100"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("plain");
    }

    // ================================================================== cache and HTTP caching

    @Test
    void aDerivativeIsComputedOnceAndGoesWithItsFile() {
        JsonNode file = upload("c.png", "image/png", png(400, 200));
        String prefix = token + "/_derivatives/";
        Api.Response first = api.anonymous().get(cdn(file, "w=120"));
        Api.Response second = api.anonymous().get(cdn(file, "dpr=1&width=120&ignored=1"));
        assertThat(first.header("X-Derivative-Cache")).isEqualTo("miss");
        assertThat(second.header("X-Derivative-Cache")).as("the same transformation, spelled otherwise").isEqualTo("hit");
        assertThat(second.bytes()).isEqualTo(first.bytes());
        assertThat(server.blobKeys(prefix)).hasSize(1);
        assertThat(first.header("ETag")).isEqualTo(second.header("ETag")).startsWith("\"" + file.path("hash").path("sha1").asText() + "-");
        assertThat(first.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(api.anonymous().get(cdn(file, "")).header("Cache-Control")).as("public original").isEqualTo("public, max-age=3600");
        assertThat(api.anonymous().get(cdn(file, "w=120"), "If-None-Match", first.header("ETag")).status()).isEqualTo(304);

        // many clients at once for a new derivative: still one computation, one blob
        List<Api.Response> together = atOnce(6, i -> api.anonymous().get(cdn(file, "w=77")));
        assertThat(together).allSatisfy(r -> assertThat(r.bytes()).isEqualTo(together.get(0).bytes()));
        assertThat(server.blobKeys(prefix)).hasSize(2);

        ok(api.delete("/v5/file/" + file.path("uuid").asText()));
        assertThat(server.blobKeys(prefix)).as("deleting the file drops its derivatives").isEmpty();
    }

    @Test
    void derivativesGoWithTheirFolderAndProject() {
        JsonNode file = upload("d.png", "image/png", png(40, 20));
        assertThat(dimensions(api.anonymous().get(cdn(file, "w=10")))).containsExactly(10, 5);
        ok(api.deleteJson("/v4/folders", "{\"folders_uuids\":[\"" + file.path("folder").path("uuid").asText() + "\"]}"));
        assertThat(server.blobKeys(token + "/_derivatives/")).as("folder deleted").isEmpty();

        JsonNode again = upload("d.png", "image/png", png(40, 20));
        assertThat(dimensions(api.anonymous().get(cdn(again, "w=10")))).containsExactly(10, 5);
        assertThat(server.blobKeys(token + "/_derivatives/")).hasSize(1);
        ok(server.companyKey(dev.assetgate.access.Permission.values()).delete("/admin/v1/projects/" + token));
        assertThat(server.blobKeys(token + "/")).as("project deleted").isEmpty();
    }

    @Test
    void theOldestDerivativesAreEvictedBeyondTheBudget() {
        // no memory (cdn-memory-bytes=0): the stored cache alone, so an evicted derivative is computed again
        try (TestServer small = TestServer.start(sameEngine(Map.of(Setting.IMAGE_CACHE_MAX_BYTES, "1", Setting.CDN_MEMORY_BYTES, "0")))) {
            small.createProject("evict");
            Api key = small.allKey("evict").in("evict");
            ok(key.putBytes("/v4/files?folder=/e&filename=e.png", png(100, 50), "image/png"));
            Api.Response first = key.anonymous().get("/cdn/e/e.png?w=10");
            assertThat(dimensions(first)).as("the newest derivative is sent even over budget").containsExactly(10, 5);
            assertThat(small.blobKeys("evict/_derivatives/")).hasSize(1);
            assertThat(dimensions(key.anonymous().get("/cdn/e/e.png?w=20"))).containsExactly(20, 10);
            assertThat(small.blobKeys("evict/_derivatives/")).as("the older one made room").hasSize(1)
                    .allSatisfy(k -> assertThat(k).endsWith(etagOf(key.anonymous().get("/cdn/e/e.png?w=20"))));
            Api.Response recomputed = key.anonymous().get("/cdn/e/e.png?w=10");
            assertThat(recomputed.header("X-Derivative-Cache")).isEqualTo("miss");
        }
    }

    // ================================================================== refusals

    @Test
    void aPixelBombIsRefusedBeforeDecoding() {
        byte[] bomb = declaring(png(1, 1), 50000, 50000);
        assertThat(bomb.length).isLessThan(9 * 1024);
        JsonNode file = upload("bomb.png", "image/png", bomb);
        assertThat(file.path("info").path("img_w").asInt()).as("the header is read, never the pixels").isEqualTo(50000);
        Api.Response refused = api.anonymous().get(cdn(file, "w=100"));
        assertError(refused, 422, "IMAGE_TOO_LARGE");
        assertThat(String.valueOf(refused.header("Cache-Control"))).as("a refusal is not cached by a CDN").doesNotContain("public");
        assertThat(refused.header("ETag")).isNull();
        assertThat(api.anonymous().get(cdn(file, "")).status()).as("the original is still served").isEqualTo(200);
        assertThat(server.blobKeys(token + "/_derivatives/")).isEmpty();
    }

    @Test
    void brokenImagesGetAnErrorEnvelopeNeverA5xx() {
        byte[] good = png(200, 100);
        Map<String, byte[]> broken = Map.of(
                "zero.png", new byte[0],
                "garbage.jpg", "definitely not a jpeg".getBytes(),
                "truncated.png", Arrays.copyOf(good, good.length / 2),
                "wrong-ext.jpg", good);
        broken.forEach((name, bytes) -> {
            JsonNode file = upload(name, name.endsWith("png") ? "image/png" : "image/jpeg", bytes);
            Api.Response r = api.anonymous().get(cdn(file, "w=50"));
            assertThat(r.status()).as(name + " " + r).isIn(200, 422);
            if (r.status() == 422) assertThat(r.code()).as(name).isEqualTo("IMAGE_UNREADABLE");
            else assertThat(dimensions(r)).as(name).containsExactly(50, 25);
        });
        assertThat(server.blobKeys(token + "/_derivatives/")).as("only the readable one has a derivative").hasSize(1);
    }

    @Test
    void sixteenBitPngAndGifAreTransformed() {
        JsonNode deep = upload("deep.png", "image/png", encode(new BufferedImage(64, 32, BufferedImage.TYPE_USHORT_GRAY), "png"));
        assertThat(deep.path("info").path("img_color_space").asText()).isEqualTo("GRAY");
        assertThat(dimensions(api.anonymous().get(cdn(deep, "w=32")))).containsExactly(32, 16);
        JsonNode gif = upload("a.gif", "image/gif", encode(new BufferedImage(64, 32, BufferedImage.TYPE_BYTE_INDEXED), "gif"));
        assertThat(gif.path("info").path("img_type").asText()).isEqualTo("GIF");
        Api.Response r = api.anonymous().get(cdn(gif, "w=32"));
        assertThat(dimensions(r)).containsExactly(32, 16);
        assertThat(r.header("Content-Type")).isEqualTo("image/png");
    }

    @Test
    void privateFilesGetNoAnonymousDerivativeAndSignedUrlsSignTheirTransformation() {
        try (TestServer closed = TestServer.start(sameEngine(Map.of(Setting.DEFAULT_VISIBILITY, "not_public")))) {
            closed.createProject("priv");
            Api key = closed.allKey("priv").in("priv");
            JsonNode file = ok(key.putBytes("/v4/files?folder=/p&filename=secret.png", png(400, 200), "image/png")).path("file");
            String path = "/cdn/p/secret.png";
            assertError(key.anonymous().get(path + "?w=100"), 404, "FILE_NOT_FOUND");
            Api.Response withKey = key.get(path + "?w=100");
            assertThat(dimensions(withKey)).containsExactly(100, 50);
            assertThat(withKey.header("Cache-Control")).isEqualTo("private, max-age=0, must-revalidate");

            String url = ok(key.postJson("/v5/file/" + file.path("uuid").asText() + "/signed-url",
                    "{\"expires_in\":600,\"transform\":\"w=100&func=crop&h=100\"}")).path("url").asText();
            String query = url.substring(url.indexOf('?') + 1);
            assertThat(query).startsWith("w=100&h=100&func=crop&");
            Api.Response signed = key.anonymous().get(path + "?" + query);
            assertThat(dimensions(signed)).containsExactly(100, 100);
            assertThat(signed.header("Cache-Control")).startsWith("private");
            assertError(key.anonymous().get(path + "?" + query.replace("w=100", "w=2000")), 403, "SIGNATURE_INVALID");
            assertError(key.anonymous().get(path + "?" + query.replace("w=100&h=100&func=crop&", "")), 403, "SIGNATURE_INVALID");
            assertError(key.anonymous().get(path + "?" + query + "&force_format=png"), 403, "SIGNATURE_INVALID");
        }
    }

    @Test
    void aFullQueueAnswers503WithRetryAfter() throws Exception {
        try (TestServer tight = TestServer.start(sameEngine(Map.of(Setting.IMAGE_WORKERS, "1", Setting.IMAGE_QUEUE, "0")))) {
            tight.createProject("busy");
            Api key = tight.allKey("busy").in("busy");
            ok(key.putBytes("/v4/files?folder=/b&filename=big.png", noise(2500, 2500), "image/png"));
            List<Api.Response> answers = atOnce(8, i -> key.anonymous().get("/cdn/b/big.png?w=" + (100 + i)));
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).isIn(200, 503));
            List<Api.Response> busy = answers.stream().filter(r -> r.status() == 503).toList();
            assertThat(busy).as("one worker, no queue, eight at once").isNotEmpty();
            assertThat(busy.get(0).code()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(busy.get(0).header("Retry-After")).isEqualTo("1");
            assertThat(answers).anySatisfy(r -> assertThat(r.status()).isEqualTo(200));
        }
    }

    @Test
    void anUnknownEngineIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(Map.of(Setting.IMAGE_ENGINE, "magick")))
                .hasStackTraceContaining("image-engine");
    }

    // ================================================================== helpers

    /** True when this class's server transforms with libvips. */
    static boolean onVips() {
        return server.app.images.engineName().startsWith("vips");
    }

    /** The settings, on this class's image engine (the servers a test starts itself). */
    static Map<Setting, String> sameEngine(Map<Setting, String> settings) {
        Map<Setting, String> all = new java.util.EnumMap<>(Setting.class);
        all.putAll(settings);
        all.put(Setting.IMAGE_ENGINE, server.app.config.get(Setting.IMAGE_ENGINE));
        return all;
    }

    private JsonNode upload(String name, String type, byte[] bytes) {
        return ok(api.putBytes("/v4/files?folder=/i&filename=" + Api.enc(name), bytes, type)).path("file");
    }

    /** The file's url.cdn path (without the server) with a query. */
    private static String cdn(JsonNode file, String query) {
        String url = file.path("url").path("public").asText();
        String path = url.substring(url.indexOf("/cdn/"));
        return path + (query.isEmpty() ? "" : "?" + query);
    }

    static List<Integer> dimensions(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.bytes()));
            assertThat(img).as("an image came back").isNotNull();
            return List.of(img.getWidth(), img.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, w / 2, h / 2);
        g.dispose();
        return encode(img, "png");
    }

    static byte[] jpeg(int w, int h) {
        try {
            return encode(ImageIO.read(new ByteArrayInputStream(png(w, h))), "jpeg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean blue(Api.Response r, int x, int y) {
        try {
            Color c = new Color(ImageIO.read(new ByteArrayInputStream(r.bytes())).getRGB(x, y));
            return c.getBlue() > 200 && c.getRed() < 60;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etagOf(Api.Response r) {
        return r.header("ETag").replace("\"", "");
    }

    /** Random pixels: a PNG that takes real work to decode. */
    static byte[] noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) img.setRGB(x, y, random.nextInt());
        }
        return encode(img, "png");
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JPEG with an EXIF APP1 segment holding only the orientation tag, right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26); // big-endian: header, one IFD entry, no next IFD
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0).putInt(0);
        byte[] exif = ByteBuffer.allocate(6 + 26).put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff.array()).array();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + exif.length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif).put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** The PNG with its IHDR rewritten to declare another size (and a correct CRC), its pixels unchanged. */
    static byte[] declaring(byte[] png, int w, int h) {
        byte[] out = png.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        b.putInt(16, w).putInt(20, h); // IHDR data starts at 16: after the 8-byte signature, length and type
        CRC32 crc = new CRC32();
        crc.update(out, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return out;
    }

    /** n requests sent together; their answers in order. */
    private static List<Api.Response> atOnce(int n, java.util.function.IntFunction<Api.Response> request) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Api.Response>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                all.add(pool.submit(() -> request.apply(index)));
            }
            List<Api.Response> answers = new ArrayList<>();
            for (Future<Api.Response> f : all) answers.add(f.get());
            return answers;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    static JsonNode okFile(Api.Response r) {
        return ok(r).path("file");
    }

    private static JsonNode ok(Api.Response r) {
        return UploadPathsTest.ok(r);
    }
}
