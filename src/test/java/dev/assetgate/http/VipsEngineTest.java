package dev.assetgate.http;

import static dev.assetgate.http.ImagesApiTest.dimensions;
import static dev.assetgate.http.ImagesApiTest.encode;
import static dev.assetgate.http.ImagesApiTest.jpeg;
import static dev.assetgate.http.ImagesApiTest.png;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.Setting;
import dev.assetgate.images.VipsImageEngine;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The libvips engine over HTTP (issue 14): WebP and AVIF output, the format chosen from Accept with
 * Vary and its own ETag and cache entry (signed URLs included), bad input on the native path (never a
 * 5xx, never a crashed JVM, SVG and PDF never rasterised) and no native memory left behind. Skipped
 * where libvips is not installed; {@link ImagesApiOnVipsTest} runs the common image tests on it.
 */
@EnabledIf(value = "libvipsInstalled", disabledReason = "libvips is not installed here (apt-get install libvips42): the libvips engine is not tested")
@WithServer
@ServerSetting(key = Setting.IMAGE_ENGINE, value = "vips")
@ServerSetting(key = Setting.IMAGE_ACCEPT_FORMATS, value = "avif,webp")
class VipsEngineTest {
    static TestServer server;
    String token;
    Api api;

    static boolean libvipsInstalled() {
        return VipsImageEngine.load().isPresent();
    }

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @BeforeEach
    void project(TestProject fresh) {
        token = fresh.token;
        api = fresh.api;
    }

    @Test
    void readyAndTheEngineSayWhichEngineRuns() {
        JsonNode ready = server.allKey(token).anonymous().get("/ready").json();
        assertThat(ready.path("image_engine").asText()).startsWith("vips 8.");
        assertThat(server.app.images.engineName()).isEqualTo(ready.path("image_engine").asText());
    }

    @Test
    void webpAndAvifAreWritten() {
        JsonNode file = upload("photo.jpg", "image/jpeg", jpeg(400, 200));
        Api.Response webp = api.anonymous().get(cdn(file, "w=100&force_format=webp"));
        assertThat(webp.header("Content-Type")).isEqualTo("image/webp");
        assertThat(new String(webp.bytes(), 8, 4, StandardCharsets.ISO_8859_1)).isEqualTo("WEBP");
        assertThat(dimensions(webp)).containsExactly(100, 50);
        assertThat(webp.header("Vary")).as("force_format: the answer does not follow Accept").isNull();

        Api.Response avif = api.anonymous().get(cdn(file, "w=100&force_format=avif&q=40"));
        if (!writesAvif()) {
            assertThat(avif.header("Content-Type")).as("no AV1 encoder: the default format").isEqualTo("image/jpeg");
            return;
        }
        assertThat(avif.header("Content-Type")).isEqualTo("image/avif");
        assertThat(new String(avif.bytes(), 4, 8, StandardCharsets.ISO_8859_1)).isEqualTo("ftypavif");
        // read back by the server itself: an AVIF upload gets its facts from libvips
        JsonNode stored = upload("back.avif", "image/avif", avif.bytes());
        assertThat(stored.path("info").path("img_w").asInt()).isEqualTo(100);
        assertThat(stored.path("info").path("img_h").asInt()).isEqualTo(50);
        assertThat(stored.path("info").path("img_type").asText()).isEqualTo("AVIF");
        assertThat(dimensions(api.anonymous().get(cdn(stored, "w=50&force_format=png")))).as("and it is transformed").containsExactly(50, 25);
    }

    /** A phone's HEIC (fixture written by libvips through libheif's x265: 64 × 96, red over blue). */
    @Test
    void aHeicUploadGetsItsFactsAndIsTransformed() throws IOException {
        byte[] heic;
        try (var in = VipsEngineTest.class.getResourceAsStream("/images/portrait.heic")) {
            heic = in.readAllBytes();
        }
        JsonNode stored = upload("IMG_0001.HEIC", "image/heic", heic);
        assertThat(stored.path("info").path("img_w").asInt()).isEqualTo(64);
        assertThat(stored.path("info").path("img_h").asInt()).isEqualTo(96);
        assertThat(stored.path("info").path("img_o").asText()).isEqualTo("PO");
        assertThat(stored.path("info").path("img_type").asText()).isEqualTo("HEIC");

        Api.Response small = api.anonymous().get(cdn(stored, "w=32&force_format=jpeg"));
        assertThat(small.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(dimensions(small)).containsExactly(32, 48);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(small.bytes()));
        assertThat(new Color(decoded.getRGB(16, 8)).getRed()).as("the top half stays red").isGreaterThan(200);
        assertThat(new Color(decoded.getRGB(16, 40)).getBlue()).as("the bottom half stays blue").isGreaterThan(200);
    }

    @Test
    void withoutForceFormatTheFormatFollowsAcceptWithItsOwnEtagAndCacheEntry() {
        JsonNode file = upload("cat.png", "image/png", png(400, 200));
        String path = cdn(file, "w=100");
        Api.Response plain = api.anonymous().get(path);
        assertThat(plain.header("Content-Type")).as("no modern format accepted: the default").isEqualTo("image/png");
        assertThat(plain.header("Vary")).contains("Accept");

        Api.Response webp = api.anonymous().get(path, "Accept", "image/webp,image/*;q=0.8");
        assertThat(webp.header("Content-Type")).isEqualTo("image/webp");
        assertThat(webp.header("Vary")).contains("Accept");
        assertThat(webp.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(webp.header("ETag")).isNotEqualTo(plain.header("ETag"));
        assertThat(dimensions(webp)).containsExactly(100, 50);

        Api.Response chrome = api.anonymous().get(path, "Accept", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8");
        assertThat(chrome.header("Content-Type")).as("image-accept-formats=avif,webp: AVIF first")
                .isEqualTo(writesAvif() ? "image/avif" : "image/webp");
        assertThat(api.anonymous().get(path, "Accept", "image/webp;q=0").header("Content-Type")).as("q=0 refuses").isEqualTo("image/png");
        assertThat(server.blobKeys(token + "/_derivatives/")).as("one derivative per format").hasSize(writesAvif() ? 3 : 2);

        Api.Response again = api.anonymous().get(path, "Accept", "image/webp");
        assertThat(again.header("X-Derivative-Cache")).isEqualTo("hit");
        assertThat(again.bytes()).isEqualTo(webp.bytes());
        Api.Response revalidated = api.anonymous().get(path, "Accept", "image/webp", "If-None-Match", webp.header("ETag"));
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(revalidated.header("Vary")).contains("Accept");
        assertThat(api.anonymous().get(path, "If-None-Match", webp.header("ETag")).status())
                .as("the WebP's validator does not match the PNG a client without WebP gets").isEqualTo(200);

        Api.Response forced = api.anonymous().get(cdn(file, "w=100&force_format=jpeg"), "Accept", "image/webp");
        assertThat(forced.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(forced.header("Vary")).isNull();
        Api.Response original = api.anonymous().get(cdn(file, ""), "Accept", "image/webp");
        assertThat(original.header("Content-Type")).as("no transformation: the original, whatever Accept says").isEqualTo("image/png");
        assertThat(original.header("Vary")).isNull();
    }

    @Test
    void aSignedUrlSignsTheTransformationAsAskedAndAcceptStillChoosesTheFormat() {
        try (TestServer closed = TestServer.start(Map.of(Setting.DEFAULT_VISIBILITY, "not_public", Setting.IMAGE_ENGINE, "vips",
                Setting.IMAGE_ACCEPT_FORMATS, "webp"))) {
            closed.createProject("privvips");
            Api key = closed.allKey("privvips").in("privvips");
            JsonNode file = ImagesApiTest.okFile(key.putBytes("/v4/files?folder=/p&filename=s.jpg", jpeg(400, 200), "image/jpeg"));
            String url = UploadPathsTest.ok(key.postJson("/v5/file/" + file.path("uuid").asText() + "/signed-url",
                    "{\"expires_in\":600,\"transform\":\"w=100&h=100\"}")).path("url").asText();
            String signed = "/cdn/p/s.jpg?" + url.substring(url.indexOf('?') + 1);
            Api.Response webp = key.anonymous().get(signed, "Accept", "image/webp");
            assertThat(webp.header("Content-Type")).isEqualTo("image/webp");
            assertThat(webp.header("Cache-Control")).startsWith("private");
            assertThat(webp.header("Vary")).contains("Accept");
            assertThat(key.anonymous().get(signed).header("Content-Type")).isEqualTo("image/jpeg");
            assertThat(key.anonymous().get(signed + "&force_format=webp").code()).as("force_format was not signed").isEqualTo("SIGNATURE_INVALID");
            assertThat(key.anonymous().get(signed + "&gravity=north").code()).as("nor gravity").isEqualTo("SIGNATURE_INVALID");
            assertThat(key.anonymous().get(signed + "&bg_color=ff0000").code()).as("nor bg_color").isEqualTo("SIGNATURE_INVALID");
            assertThat(dimensions(webp)).containsExactly(100, 100);
        }
    }

    @Test
    void smartCropKeepsTheAskedSize() {
        JsonNode file = upload("wide.jpg", "image/jpeg", jpeg(400, 200));
        for (String gravity : List.of("auto", "smart")) {
            Api.Response r = api.anonymous().get(cdn(file, "w=100&h=100&gravity=" + gravity));
            assertThat(dimensions(r)).as(gravity).containsExactly(100, 100);
        }
    }

    @Test
    void brokenAndTruncatedImagesAreRefusedWithAClearErrorNeverA5xx() {
        byte[] good = jpeg(400, 200);
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("zero.jpg", new byte[0]);
        cases.put("garbage.jpg", "definitely not a jpeg".getBytes(StandardCharsets.UTF_8));
        cases.put("truncated.jpg", Arrays.copyOf(good, good.length / 2));
        cases.put("header-only.jpg", Arrays.copyOf(good, 200));
        cases.put("truncated.png", Arrays.copyOf(png(400, 200), 300));
        cases.forEach((name, bytes) -> {
            JsonNode file = upload(name, name.endsWith("png") ? "image/png" : "image/jpeg", bytes);
            Api.Response r = api.anonymous().get(cdn(file, "w=100"));
            assertThat(r.status()).as(name + " " + r).isEqualTo(422);
            assertThat(r.code()).as(name).isEqualTo("IMAGE_UNREADABLE");
            assertThat(r.header("ETag")).isNull();
            assertThat(api.anonymous().get(cdn(file, "")).bytes()).as("the original is still sent").isEqualTo(bytes);
        });
        assertThat(server.blobKeys(token + "/_derivatives/")).as("no derivative left behind by a failure").isEmpty();
    }

    @Test
    void theFormatIsReadFromTheBytesNotTheName() {
        JsonNode misnamed = upload("really-a-png.jpg", "image/jpeg", png(400, 200));
        Api.Response r = api.anonymous().get(cdn(misnamed, "w=100"));
        assertThat(r.header("Content-Type")).as("a PNG source keeps PNG").isEqualTo("image/png");
        assertThat(dimensions(r)).containsExactly(100, 50);
    }

    @Test
    void aPixelBombIsRefusedBeforeDecoding() {
        JsonNode bomb = upload("bomb.png", "image/png", ImagesApiTest.declaring(png(1, 1), 50000, 50000));
        Api.Response r = api.anonymous().get(cdn(bomb, "w=100"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("IMAGE_TOO_LARGE");
    }

    @Test
    void svgAndPdfAreNeverRasterised() {
        byte[] svg = ("<svg xmlns='http://www.w3.org/2000/svg' width='400' height='200'><script>alert(1)</script>"
                + "<rect width='400' height='200' fill='red'/></svg>").getBytes(StandardCharsets.UTF_8);
        byte[] pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
                .getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> disguised : Map.of("svg-as.png", svg, "pdf-as.png", pdf).entrySet()) {
            JsonNode file = upload(disguised.getKey(), "image/png", disguised.getValue());
            Api.Response r = api.anonymous().get(cdn(file, "w=100"));
            assertThat(r.status()).as(disguised.getKey() + " " + r).isEqualTo(422);
            assertThat(r.code()).isEqualTo("IMAGE_UNREADABLE");
        }
        JsonNode real = upload("logo.svg", "image/svg+xml", svg);
        Api.Response asIs = api.anonymous().get(cdn(real, "w=100"));
        assertThat(asIs.bytes()).as("an SVG is sent as it is").isEqualTo(svg);
        assertThat(server.blobKeys(token + "/_derivatives/")).isEmpty();
    }

    @Test
    void cmykSixteenBitAndAnimatedSourcesComeOutAsRgb() throws IOException {
        JsonNode cmyk = upload("print.jpg", "image/jpeg", cmykJpeg(120, 60));
        Api.Response fromCmyk = api.anonymous().get(cdn(cmyk, "w=60"));
        assertThat(fromCmyk.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(dimensions(fromCmyk)).containsExactly(60, 30);
        assertThat(ImageIO.read(new ByteArrayInputStream(fromCmyk.bytes())).getColorModel().getNumComponents()).as("RGB, not CMYK").isEqualTo(3);

        BufferedImage deep = new BufferedImage(64, 32, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 65535);
        JsonNode sixteen = upload("deep.png", "image/png", encode(deep, "png"));
        Api.Response fromDeep = api.anonymous().get(cdn(sixteen, "w=32&force_format=jpeg"));
        assertThat(dimensions(fromDeep)).containsExactly(32, 16);

        BufferedImage rgb16 = new BufferedImage(new java.awt.image.ComponentColorModel(java.awt.color.ColorSpace.getInstance(
                java.awt.color.ColorSpace.CS_sRGB), false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT),
                Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, 64, 32, 3, null), false, null);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 32; y++) rgb16.getRaster().setPixel(x, y, new int[] {32896, 0, 0}); // half red, 16 bits a channel
        }
        JsonNode deepRgb = upload("deep-rgb.png", "image/png", encode(rgb16, "png"));
        Api.Response fromDeepRgb = api.anonymous().get(cdn(deepRgb, "w=32&force_format=jpeg"));
        assertThat(dimensions(fromDeepRgb)).containsExactly(32, 16);
        Color red = new Color(ImageIO.read(new ByteArrayInputStream(fromDeepRgb.bytes())).getRGB(16, 8));
        assertThat(red.getRed()).as("16-bit half red scaled to 8 bits (128), not clipped to 255: " + red).isBetween(110, 150);
        assertThat(red.getGreen()).isLessThan(40);

        JsonNode animated = upload("anim.gif", "image/gif", animatedGif(80, 40));
        Api.Response fromGif = api.anonymous().get(cdn(animated, "w=40"));
        assertThat(fromGif.header("Content-Type")).as("the first frame, as PNG").isEqualTo("image/png");
        assertThat(dimensions(fromGif)).containsExactly(40, 20);
        Color first = new Color(ImageIO.read(new ByteArrayInputStream(fromGif.bytes())).getRGB(20, 10));
        assertThat(first.getRed()).as("the first frame is red").isGreaterThan(200);
        assertThat(first.getGreen()).isLessThan(60);
    }

    /**
     * Native memory: after many transformations (computed, refused and failed ones), libvips holds
     * no more pixel memory than after the first round. A missing g_object_unref would grow it by
     * every image.
     */
    @Test
    void transformationsLeaveNoNativeMemoryBehind() {
        VipsImageEngine vips = VipsImageEngine.load().orElseThrow();
        JsonNode photo = upload("leak.jpg", "image/jpeg", jpeg(800, 600));
        JsonNode pic = upload("leak.png", "image/png", png(300, 200));
        JsonNode broken = upload("broken.jpg", "image/jpeg", "nope".getBytes(StandardCharsets.UTF_8));
        JsonNode bomb = upload("bomb.png", "image/png", ImagesApiTest.declaring(png(1, 1), 50000, 50000));
        round(photo, pic, broken, bomb, 0);
        long bytes = vips.trackedBytes();
        int allocations = vips.trackedAllocations();
        for (int round = 1; round <= 8; round++) round(photo, pic, broken, bomb, round);
        assertThat(vips.trackedAllocations()).as("allocations alive after 8 more rounds").isLessThanOrEqualTo(allocations);
        assertThat(vips.trackedBytes()).as("pixel memory alive after 8 more rounds").isLessThanOrEqualTo(bytes);
    }

    /** One of each kind of work, every size new (so each is computed, not served from the cache). */
    private void round(JsonNode photo, JsonNode pic, JsonNode broken, JsonNode bomb, int round) {
        int w = 50 + round;
        for (String query : List.of("w=" + w, "w=" + w + "&h=" + w + "&func=fit&bg_color=ff0000", "w=" + w + "&h=" + w + "&gravity=north",
                "w=" + w + "&h=" + w + "&gravity=auto", "w=" + w + "&force_format=webp", "h=" + w + "&func=cover&force_format=png")) {
            assertThat(api.anonymous().get(cdn(photo, query)).status()).as(query).isEqualTo(200);
            assertThat(api.anonymous().get(cdn(pic, query)).status()).as(query).isEqualTo(200);
        }
        assertThat(api.anonymous().get(cdn(broken, "w=" + w)).status()).isEqualTo(422);
        assertThat(api.anonymous().get(cdn(bomb, "w=" + w)).status()).isEqualTo(422);
    }

    // ================================================================== helpers

    private boolean writesAvif() {
        return server.app.images.negotiate(dev.assetgate.images.Transformation.NONE.withFormat("avif"), null).transformation().format() != null;
    }

    private JsonNode upload(String name, String type, byte[] bytes) {
        return ImagesApiTest.okFile(api.putBytes("/v4/files?folder=/v&filename=" + Api.enc(name), bytes, type));
    }

    private static String cdn(JsonNode file, String query) {
        String url = file.path("url").path("public").asText();
        String path = url.substring(url.indexOf("/cdn/"));
        return path + (query.isEmpty() ? "" : "?" + query);
    }

    /** A four-channel (CMYK) JPEG, as print workflows make: written from a raster, no colour conversion. */
    private static byte[] cmykJpeg(int w, int h) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) raster.setPixel(x, y, new int[] {x < w / 2 ? 255 : 0, 0, y < h / 2 ? 255 : 0, 0});
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A two-frame GIF: red, then blue. */
    private static byte[] animatedGif(int w, int h) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (Color c : List.of(Color.RED, Color.BLUE)) {
                BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                var g = frame.createGraphics();
                g.setColor(c);
                g.fillRect(0, 0, w, h);
                g.dispose();
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
