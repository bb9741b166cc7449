package dev.assetgate.templates;

import static dev.assetgate.templates.Sass.assertError;
import static dev.assetgate.templates.Sass.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * upload.allowed_types and the image caps (upload.max_pixels, max_width, max_height) of SASS keys:
 * decided from the file's bytes on every upload path (multipart, base64, URL, PUT stream), never from
 * the client's Content-Type or the file name; a refusal names the rule, stores nothing and spends
 * nothing. Each test has its own project.
 */
@WithServer
@ServerSetting(key = Setting.KEY_EXCHANGE_PER_MINUTE, value = "1000")
@ServerSetting(key = Setting.URL_UPLOAD_ALLOW, value = "127.0.0.1/32")
class SassContentRulesTest {
    static final byte[] HTML = "<!DOCTYPE html><html><script>steal()</script></html>".getBytes(StandardCharsets.UTF_8);
    static final byte[] PDF = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ELF = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static HttpServer origin;
    /** What the URL-upload origin serves: path → (Content-Type it claims, bytes). */
    static final Map<String, Map.Entry<String, byte[]>> served = new ConcurrentHashMap<>();
    TestProject project;

    @BeforeAll
    static void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            Map.Entry<String, byte[]> file = served.get(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Content-Type", file.getKey());
            exchange.sendResponseHeaders(200, file.getValue().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(file.getValue());
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
    }

    private Sass.Client key(String upload) {
        return Sass.keyWith(project, Sass.uploads(upload));
    }

    private List<String> files() {
        return Sass.allFiles(project.api);
    }

    // ------------------------------------------------------------------ the four upload paths

    private static Api.Response multipart(Sass.Client key, String name, String claimed, byte[] bytes) {
        return key.multipart("/v4/files?folder=/in", new Api.Multipart().file("files[]", name, claimed, bytes));
    }

    private static Api.Response base64(Sass.Client key, String name, byte[] bytes) {
        return key.postJson("/v4/files?folder=/in", "{\"name\":\"" + name + "\",\"data\":\"" + Base64.getEncoder().encodeToString(bytes)
                + "\",\"postactions\":\"decode_base64\"}");
    }

    private static Api.Response put(Sass.Client key, String name, String claimed, byte[] bytes) {
        return Sass.send(key.base + "/v4/files?folder=/in&filename=" + name, "PUT", claimed, bytes, "X-Filerobot-Key", key.key);
    }

    private Api.Response url(Sass.Client key, String name, String claimed, byte[] bytes) {
        String path = "/" + project.token + "/" + name;
        served.put(path, Map.entry(claimed, bytes));
        return key.postJson("/v4/files?folder=/in", "{\"files_urls\":[{\"url\":\"http://127.0.0.1:" + origin.getAddress().getPort() + path
                + "\",\"name\":\"" + name + "\"}]}");
    }

    private static void assertRefusedBy(Api.Response r, int status, String code, String rule) {
        assertError(r, status, code);
        assertThat(r.json().path("hint").asText()).as(r.toString()).contains("Rule: " + rule);
    }

    private static String storedType(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode file = r.json().has("file") ? r.json().path("file") : r.json().path("files").get(0);
        return file.path("type").asText();
    }

    @Test
    void htmlThatClaimsToBeAPictureIsRefusedOnEveryUploadPathAndNothingIsStored() {
        Sass.Client key = key("{\"allowed_types\":[\"image/*\"]}");
        assertRefusedBy(multipart(key, "cat.png", "image/png", HTML), 415, "FILE_TYPE_NOT_ALLOWED", "upload.allowed_types");
        assertRefusedBy(base64(key, "cat.png", HTML), 415, "FILE_TYPE_NOT_ALLOWED", "upload.allowed_types");
        assertRefusedBy(put(key, "cat.png", "image/png", HTML), 415, "FILE_TYPE_NOT_ALLOWED", "upload.allowed_types");
        assertRefusedBy(url(key, "cat.png", "image/png", HTML), 415, "FILE_TYPE_NOT_ALLOWED", "upload.allowed_types");
        assertThat(multipart(key, "a.exe.jpg", "image/jpeg", ELF).json().path("msg").asText()).contains("application/x-executable");
        assertThat(files()).isEmpty();
    }

    @Test
    void realPicturesPassOnEveryUploadPathAndAreStoredUnderTheTypeTheirBytesShow() {
        Sass.Client key = key("{\"allowed_types\":[\"image/*\"]}");
        byte[] png = png(40, 30);
        Api.Response first = multipart(key, "1.png", "image/png", png);
        assertThat(storedType(first)).isEqualTo("image/png");
        assertThat(first.json().path("file").path("size").path("bytes").asLong()).isEqualTo(png.length); // the head was put back
        assertThat(storedType(base64(key, "2.png", png))).isEqualTo("image/png");
        assertThat(storedType(put(key, "3.png", "application/octet-stream", png))).isEqualTo("image/png");
        assertThat(storedType(url(key, "4.png", "image/png", png))).isEqualTo("image/png");
        // neither the name nor the Content-Type decides: a PNG called notes.txt sent as text/html is a PNG
        assertThat(storedType(multipart(key, "notes.txt", "text/html", png))).isEqualTo("image/png");
        assertThat(storedType(multipart(key, "5.jpg", "image/jpeg", jpeg(20, 20)))).isEqualTo("image/jpeg");
        assertThat(files()).containsExactlyInAnyOrder("/in/1.png", "/in/2.png", "/in/3.png", "/in/4.png", "/in/notes.txt", "/in/5.jpg");
    }

    @Test
    void exactTypesAndWildcardsBothWays() {
        Sass.Client key = key("{\"allowed_types\":[\"application/pdf\",\"TEXT/*\"]}");
        assertThat(storedType(multipart(key, "a.pdf", "application/pdf", PDF))).isEqualTo("application/pdf");
        assertThat(storedType(put(key, "b.bin", "application/octet-stream", "plain words\n".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("text/plain");
        assertRefusedBy(multipart(key, "c.pdf", "application/pdf", png(2, 2)), 415, "FILE_TYPE_NOT_ALLOWED", "upload.allowed_types");
        assertRefusedBy(multipart(key, "d.pdf", "application/pdf", ELF), 415, "FILE_TYPE_NOT_ALLOWED", "upload.allowed_types");
        assertThat(files()).containsExactlyInAnyOrder("/in/a.pdf", "/in/b.bin");
        // an API key is not held to any template's types
        assertThat(project.api.upload("/in", "page.html", "<html></html>").status()).isEqualTo(200);
    }

    @Test
    void aRefusedFileSpendsNothingFromTheKeysCount() {
        Sass.Client key = key("{\"allowed_types\":[\"image/png\"],\"max\":1}");
        assertRefusedBy(multipart(key, "x.png", "image/png", HTML), 415, "FILE_TYPE_NOT_ALLOWED", "upload.allowed_types");
        assertRefusedBy(multipart(key, "y.png", "image/png", jpeg(4, 4)), 415, "FILE_TYPE_NOT_ALLOWED", "upload.allowed_types");
        assertThat(multipart(key, "z.png", "image/png", png(4, 4)).status()).isEqualTo(200);
        assertError(multipart(key, "w.png", "image/png", png(4, 4)), 429, "RATE_LIMITED");
        assertThat(files()).containsExactly("/in/z.png");
    }

    // ------------------------------------------------------------------ image caps

    @Test
    void pixelAndSideCapsAreReadFromTheHeaderBothWays() {
        Sass.Client pixels = key("{\"max_pixels\":1000000}");
        assertThat(multipart(pixels, "ok.png", "image/png", png(1000, 1000)).status()).isEqualTo(200);
        Api.Response over = multipart(pixels, "big.png", "image/png", png(1001, 1000));
        assertRefusedBy(over, 413, "IMAGE_DIMENSIONS_NOT_ALLOWED", "upload.max_pixels");
        assertThat(over.json().path("msg").asText()).contains("1001 x 1000");
        assertRefusedBy(put(pixels, "big.jpg", "image/jpeg", jpeg(2000, 600)), 413, "IMAGE_DIMENSIONS_NOT_ALLOWED", "upload.max_pixels");
        assertRefusedBy(base64(pixels, "big.png", png(1001, 1000)), 413, "IMAGE_DIMENSIONS_NOT_ALLOWED", "upload.max_pixels");
        assertRefusedBy(url(pixels, "big.png", "image/png", png(1001, 1000)), 413, "IMAGE_DIMENSIONS_NOT_ALLOWED", "upload.max_pixels");
        // a decompression bomb: a header declaring 100000 x 100000 pixels in a few dozen bytes
        assertRefusedBy(multipart(pixels, "bomb.png", "image/png", pngHeader(100_000, 100_000)), 413, "IMAGE_DIMENSIONS_NOT_ALLOWED",
                "upload.max_pixels");
        // caps on images leave other types alone
        assertThat(multipart(pixels, "notes.txt", "text/plain", "words".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);

        Sass.Client sides = key("{\"max_width\":800,\"max_height\":600}");
        assertThat(multipart(sides, "fits.png", "image/png", png(800, 600)).status()).isEqualTo(200);
        assertRefusedBy(multipart(sides, "wide.png", "image/png", png(801, 10)), 413, "IMAGE_DIMENSIONS_NOT_ALLOWED", "upload.max_width");
        assertRefusedBy(multipart(sides, "tall.png", "image/png", png(10, 601)), 413, "IMAGE_DIMENSIONS_NOT_ALLOWED", "upload.max_height");
        assertThat(files()).containsExactlyInAnyOrder("/in/ok.png", "/in/notes.txt", "/in/fits.png");
    }

    @Test
    void anImageWhoseSizeCannotBeReadIsRefusedUnderACap() {
        Sass.Client key = key("{\"max_pixels\":1000000}");
        byte[] broken = new byte[64];
        System.arraycopy(png(2, 2), 0, broken, 0, 8); // the PNG signature, then zeros
        assertRefusedBy(multipart(key, "broken.png", "image/png", broken), 422, "IMAGE_UNREADABLE", "upload.max_pixels");
        assertThat(files()).isEmpty();
    }

    // ------------------------------------------------------------------ the template

    @Test
    void theRulesAreValidatedWithTheFieldNamedAndShownBack() {
        String base = Sass.templatesPath(project.token);
        for (String bad : List.of("{\"allowed_types\":[\"image\"]}", "{\"allowed_types\":[\"*/*\"]}", "{\"allowed_types\":\"image/*\"}",
                "{\"allowed_types\":[\"image/png; q=1\"]}")) {
            Api.Response r = project.admin.postJson(base, "{\"permissions\":[\"FILE_UPLOAD\"],\"upload\":" + bad + "}");
            assertError(r, 400, "INVALID_PARAMETER");
            assertThat(r.json().path("msg").asText()).as(bad).contains("upload.allowed_types");
        }
        for (String field : List.of("max_pixels", "max_width", "max_height")) {
            for (String value : List.of("0", "-5", "1.5", "\"big\"")) {
                Api.Response r = project.admin.postJson(base, "{\"permissions\":[\"FILE_UPLOAD\"],\"upload\":{\"" + field + "\":" + value + "}}");
                assertError(r, 400, "INVALID_PARAMETER");
                assertThat(r.json().path("msg").asText()).as(field + "=" + value).contains("upload." + field);
            }
        }
        assertThat(project.admin.get(base).json().path("security_templates")).isEmpty(); // nothing was created
        String id = template(project, "{\"permissions\":[\"FILE_UPLOAD\"],\"upload\":{\"allowed_types\":[\"Image/*\",\"application/pdf\"],"
                + "\"max_pixels\":5000000,\"max_width\":4000,\"max_height\":3000}}");
        JsonNode upload = project.admin.get(base + "/" + id).json().path("security_template").path("upload");
        assertThat(upload.path("allowed_types")).extracting(JsonNode::asText).containsExactly("image/*", "application/pdf");
        assertThat(upload.path("max_pixels").asLong()).isEqualTo(5_000_000L);
        assertThat(upload.path("max_width").asLong()).isEqualTo(4000L);
        assertThat(upload.path("max_height").asLong()).isEqualTo(3000L);
    }

    // ------------------------------------------------------------------ pictures

    static byte[] png(int w, int h) {
        return picture(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY), "png");
    }

    static byte[] jpeg(int w, int h) {
        return picture(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), "jpg");
    }

    private static byte[] picture(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG signature and an IHDR chunk (with its CRC) declaring {@code w} x {@code h}, and no pixels. */
    static byte[] pngHeader(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }
}
