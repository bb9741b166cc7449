package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image facts beyond the header (issue 14, part B) over HTTP: colours and blurhash read from a
 * small rendering, the EXIF subset in info.metadata (GPS only when the project allows it), SVG sizes
 * read without rendering, and the bad input of each (scripts and entities in SVG, damaged EXIF).
 */
@WithServer
class ImageFactsApiTest {
    private static final AtomicInteger SVGS = new AtomicInteger();
    String token;
    Api api;

    @BeforeEach
    void project(TestProject fresh) {
        token = fresh.token;
        api = fresh.api;
    }

    // ================================================================== colours and blurhash

    @Test
    void colorsAndBlurhashDescribeThePicture() {
        JsonNode red = upload("red.png", "image/png", picture(300, 200, Color.RED, null));
        assertThat(red.path("info").path("dominant_color").asText()).isEqualTo("#ff0000");
        assertThat(red.path("info").path("main_colors")).hasSize(1);
        assertThat(red.path("info").path("main_colors").path(0).asText()).isEqualTo("#ff0000");
        String hash = red.path("hash").path("blurhash").asText();
        // 4 x 3 components: a size digit ("L"), the largest other component, 4 digits of mean colour, 2 digits per
        // other component; a plain picture's other components are near zero (only the sampling's edge effect)
        assertThat(hash).hasSize(28).startsWith("L");
        assertThat(base83(hash.substring(1, 2))).as("largest other component, quantised").isLessThan(10);
        assertThat(base83(hash.substring(2, 6))).as("the mean colour, red").isEqualTo(0xff0000);
        assertThat(red.path("info").has("blurhash")).as("shown once, in hash").isFalse();

        // three quarters orange, a quarter blue: orange first, both main colours
        JsonNode two = upload("two.png", "image/png", picture(400, 400, Color.ORANGE, Color.BLUE));
        assertNear(two.path("info").path("dominant_color").asText(), Color.ORANGE);
        JsonNode main = two.path("info").path("main_colors");
        assertThat(main).as("blended edge pixels are too few to count").hasSize(2);
        assertNear(main.path(0).asText(), Color.ORANGE);
        assertNear(main.path(1).asText(), Color.BLUE);
        String twoHash = two.path("hash").path("blurhash").asText();
        assertThat(twoHash).hasSize(28);
        assertThat(base83(twoHash.substring(1, 2))).as("a picture with a shape has strong other components").isGreaterThan(20);

        // stored: read back later, the same
        JsonNode again = ok(api.get("/v5/file/" + two.path("uuid").asText())).path("file");
        assertThat(again.path("hash").path("blurhash").asText()).isEqualTo(two.path("hash").path("blurhash").asText());
        assertThat(again.path("info").path("main_colors")).hasSize(2);
    }

    @Test
    void anImageOverThePixelCapHasHeaderFactsButNoColours() {
        JsonNode bomb = upload("bomb.png", "image/png", ImagesApiTest.declaring(picture(20, 20, Color.RED, null), 50000, 50000));
        assertThat(bomb.path("info").path("img_w").asInt()).isEqualTo(50000);
        assertThat(bomb.path("info").path("main_colors")).as("never decoded").isEmpty();
        assertThat(bomb.path("info").has("dominant_color")).isFalse();
        assertThat(bomb.path("hash").path("blurhash").isNull()).isTrue();
    }

    @Test
    void filesThatAreNoImagesHaveNoColours() {
        JsonNode text = upload("a.txt", "text/plain", "hello".getBytes());
        assertThat(text.path("info").has("main_colors")).isFalse();
        assertThat(text.path("hash").path("blurhash").isNull()).isTrue();
        JsonNode broken = upload("b.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
        assertThat(broken.path("info").has("main_colors")).isFalse();
        assertThat(broken.path("info").has("img_w")).isFalse();
    }

    // ================================================================== EXIF

    @Test
    void theExifSubsetIsReadAndGpsIsLeftOutByDefault() {
        JsonNode photo = upload("cam.jpg", "image/jpeg", withExif(jpeg(120, 80), cameraExif()));
        JsonNode exif = photo.path("info").path("metadata");
        assertThat(exif.path("camera_make").asText()).isEqualTo("Canon");
        assertThat(exif.path("camera_model").asText()).isEqualTo("EOS 5D");
        assertThat(exif.path("lens").asText()).isEqualTo("EF 50mm");
        assertThat(exif.path("iso").asInt()).isEqualTo(400);
        assertThat(exif.path("exposure_time").asText()).isEqualTo("1/250");
        assertThat(exif.path("f_number").asDouble()).isEqualTo(2.8);
        assertThat(exif.path("focal_length").asDouble()).isEqualTo(50.0);
        assertThat(exif.path("taken_at").asText()).isEqualTo("2024-05-01T10:20:30");
        assertThat(exif.has("gps")).as("the project does not allow GPS").isFalse();
        assertThat(photo.path("info").path("img_w").asInt()).isEqualTo(120);
    }

    @Test
    void damagedExifKeepsTheFileAndItsOtherFacts() {
        byte[] garbage = ByteBuffer.allocate(64).put(new byte[] {'M', 'M', 0, 42}).putInt(0x7ffffff0).put(new byte[] {1, 2, 3}).array();
        JsonNode photo = upload("bad.jpg", "image/jpeg", withExif(jpeg(90, 60), garbage));
        assertThat(photo.path("info").path("img_w").asInt()).isEqualTo(90);
        assertThat(photo.path("info").has("metadata")).isFalse();
        // an IFD claiming thousands of entries past its end
        byte[] endless = ByteBuffer.allocate(16).put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 0x7fff).array();
        JsonNode other = upload("bad2.jpg", "image/jpeg", withExif(jpeg(90, 60), endless));
        assertThat(other.path("info").path("img_h").asInt()).isEqualTo(60);
        assertThat(other.path("info").path("dominant_color").asText()).startsWith("#");
    }

    // ================================================================== SVG

    @Test
    void svgSizesComeFromItsAttributesOrViewBox() {
        assertSvg("<svg xmlns='http://www.w3.org/2000/svg' width='120' height='80px'/>", 120, 80, "LD");
        assertSvg("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 50 100'><rect width='5' height='5'/></svg>", 50, 100, "PA");
        assertSvg("<svg xmlns='http://www.w3.org/2000/svg' width='200' viewBox='0 0 50 25'/>", 200, 100, "PA");
        assertSvg("<?xml version='1.0'?><!-- a comment --><svg xmlns='http://www.w3.org/2000/svg' width='100%' height='100%' viewBox='0,0,64,64'/>",
                64, 64, "SQ");
        assertSvg("<?xml version='1.0'?><!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd'>"
                + "<svg xmlns='http://www.w3.org/2000/svg' width='12' height='34'/>", 12, 34, "PA"); // the usual DOCTYPE: its DTD is never loaded
        JsonNode sized = upload("s.svg", "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg' width='30' height='40'/>".getBytes());
        assertThat(sized.path("info").path("img_type").asText()).isEqualTo("SVG");
        assertThat(sized.path("info").path("main_colors")).as("an SVG is never rendered").isEmpty();
        JsonNode none = upload("n.svg", "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg' width='10em'/>".getBytes());
        assertThat(none.path("info").has("img_w")).as("no size in pixels").isFalse();
    }

    @Test
    void svgWithScriptsOrEntitiesIsStoredUnreadAndNeverFetchesAnything() {
        String script = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='20' onload='alert(1)'><script>alert(2)</script></svg>";
        JsonNode scripted = upload("x.svg", "image/svg+xml", script.getBytes());
        assertThat(scripted.path("info").path("img_w").asInt()).as("its size is still read, nothing runs").isEqualTo(10);
        Api.Response sent = api.anonymous().get(cdnPath(scripted));
        assertThat(sent.text()).as("sent as it is").isEqualTo(script);
        assertThat(sent.header("Content-Security-Policy")).as("sandboxed").contains("sandbox");

        String xxe = "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY w SYSTEM 'file:///etc/hostname'>]>"
                + "<svg xmlns='http://www.w3.org/2000/svg' width='&w;' height='5'>&w;</svg>";
        JsonNode external = upload("xxe.svg", "image/svg+xml", xxe.getBytes());
        assertThat(external.path("info").has("img_w")).as("the entity is never resolved").isFalse();
        assertThat(external.path("info").toString()).doesNotContain(hostname());

        StringBuilder laughs = new StringBuilder("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a0 'lol'>");
        for (int i = 1; i < 10; i++) {
            laughs.append("<!ENTITY a").append(i).append(" '").append(("&a" + (i - 1) + ";").repeat(10)).append("'>");
        }
        laughs.append("]><svg xmlns='http://www.w3.org/2000/svg' width='7' height='7'><text>&a9;</text></svg>");
        JsonNode bomb = upload("laughs.svg", "image/svg+xml", laughs.toString().getBytes());
        assertThat(bomb.path("info").path("img_w").asInt()).as("the size is on the root, before any entity is used").isEqualTo(7);

        JsonNode notSvg = upload("fake.svg", "image/svg+xml", "<html><body/></html>".getBytes());
        assertThat(notSvg.path("info").has("img_w")).isFalse();
        JsonNode garbage = upload("g.svg", "image/svg+xml", new byte[] {0, 1, 2, (byte) 0xff});
        assertThat(garbage.path("info").has("img_w")).isFalse();
    }

    // ================================================================== helpers

    /** Each channel within 8 levels: the small rendering blends a few edge pixels into each bucket's mean. */
    private static void assertNear(String hex, Color expected) {
        assertThat(hex).matches("#[0-9a-f]{6}");
        Color actual = new Color(Integer.parseInt(hex.substring(1), 16));
        assertThat(Math.abs(actual.getRed() - expected.getRed())).as(hex).isLessThanOrEqualTo(8);
        assertThat(Math.abs(actual.getGreen() - expected.getGreen())).as(hex).isLessThanOrEqualTo(8);
        assertThat(Math.abs(actual.getBlue() - expected.getBlue())).as(hex).isLessThanOrEqualTo(8);
    }

    private void assertSvg(String svg, int w, int h, String orientation) {
        JsonNode info = upload("v" + SVGS.incrementAndGet() + ".svg", "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8)).path("info");
        assertThat(info.path("img_w").asInt()).as(svg).isEqualTo(w);
        assertThat(info.path("img_h").asInt()).as(svg).isEqualTo(h);
        assertThat(info.path("img_o").asText()).as(svg).isEqualTo(orientation);
    }

    private static String hostname() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).trim();
        } catch (IOException e) {
            return "no-hostname-file";
        }
    }

    private JsonNode upload(String name, String type, byte[] bytes) {
        return ok(api.putBytes("/v4/files?folder=/i&filename=" + Api.enc(name), bytes, type)).path("file");
    }

    private static String cdnPath(JsonNode file) {
        String url = file.path("url").path("public").asText();
        return url.substring(url.indexOf("/cdn/"));
    }

    /** A picture of {@code fill}, with its top-left quarter {@code corner} when given. */
    static byte[] picture(int w, int h, Color fill, Color corner) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(fill);
        g.fillRect(0, 0, w, h);
        if (corner != null) {
            g.setColor(corner);
            g.fillRect(0, 0, w / 2, h / 2);
        }
        g.dispose();
        return encode(img, "png");
    }

    static byte[] jpeg(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return encode(img, "jpeg");
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int base83(String digits) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
        int v = 0;
        for (char c : digits.toCharArray()) v = v * 83 + alphabet.indexOf(c);
        return v;
    }

    /** A JPEG with an EXIF APP1 segment holding {@code tiff} (a TIFF structure), right after SOI. */
    static byte[] withExif(byte[] jpeg, byte[] tiff) {
        byte[] exif = ByteBuffer.allocate(6 + tiff.length).put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff).array();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + exif.length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif).put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** Canon EOS 5D, EF 50mm, ISO 400, 1/250 s, f/2.8, 50 mm, taken 2024-05-01 10:20:30, at 48.5 N 2.25 E. */
    static byte[] cameraExif() {
        Tiff t = new Tiff();
        List<Tiff.Entry> ifd0 = List.of(Tiff.ascii(0x010F, "Canon"), Tiff.ascii(0x0110, "EOS 5D"));
        List<Tiff.Entry> shot = List.of(Tiff.rational(0x829A, 1, 250), Tiff.rational(0x829D, 28, 10), Tiff.shortValue(0x8827, 400),
                Tiff.ascii(0x9003, "2024:05:01 10:20:30"), Tiff.rational(0x920A, 50, 1), Tiff.ascii(0xA434, "EF 50mm"));
        List<Tiff.Entry> gps = List.of(Tiff.ascii(0x0001, "N"), new Tiff.Entry(0x0002, 5, 3, Tiff.rationals(48, 1, 30, 1, 0, 1)),
                Tiff.ascii(0x0003, "E"), new Tiff.Entry(0x0004, 5, 3, Tiff.rationals(2, 1, 15, 1, 0, 1)));
        return t.build(ifd0, shot, gps);
    }

    /** A big-endian TIFF structure: IFD0 pointing at an EXIF IFD and a GPS IFD, then the values that do not fit in 4 bytes. */
    static final class Tiff {
        record Entry(int tag, int type, int count, byte[] value) {}

        static Entry ascii(int tag, String text) {
            byte[] b = (text + "\0").getBytes(StandardCharsets.US_ASCII);
            return new Entry(tag, 2, b.length, b);
        }

        static Entry shortValue(int tag, int v) {
            return new Entry(tag, 3, 1, ByteBuffer.allocate(2).putShort((short) v).array());
        }

        static Entry rational(int tag, int num, int den) {
            return new Entry(tag, 5, 1, rationals(num, den));
        }

        static byte[] rationals(int... parts) {
            ByteBuffer b = ByteBuffer.allocate(parts.length * 4);
            for (int p : parts) b.putInt(p);
            return b.array();
        }

        byte[] build(List<Entry> ifd0, List<Entry> exif, List<Entry> gps) {
            int n0 = ifd0.size() + 2;
            int at0 = 8;
            int atExif = at0 + 2 + 12 * n0 + 4;
            int atGps = atExif + 2 + 12 * exif.size() + 4;
            int data = atGps + 2 + 12 * gps.size() + 4;
            ByteBuffer b = ByteBuffer.allocate(4096);
            b.put(new byte[] {'M', 'M', 0, 42}).putInt(at0);
            List<Entry> first = new ArrayList<>(ifd0);
            first.add(new Entry(0x8769, 4, 1, ByteBuffer.allocate(4).putInt(atExif).array()));
            first.add(new Entry(0x8825, 4, 1, ByteBuffer.allocate(4).putInt(atGps).array()));
            int[] free = {data};
            write(b, at0, first, free);
            write(b, atExif, exif, free);
            write(b, atGps, gps, free);
            byte[] out = new byte[free[0]];
            b.position(0);
            b.get(out);
            return out;
        }

        private static void write(ByteBuffer b, int at, List<Entry> entries, int[] free) {
            b.position(at);
            b.putShort((short) entries.size());
            for (Entry e : entries) {
                b.putShort((short) e.tag()).putShort((short) e.type()).putInt(e.count());
                if (e.value().length <= 4) {
                    byte[] inline = new byte[4];
                    System.arraycopy(e.value(), 0, inline, 0, e.value().length);
                    b.put(inline);
                } else {
                    b.putInt(free[0]);
                    int here = b.position();
                    b.position(free[0]);
                    b.put(e.value());
                    free[0] = b.position();
                    b.position(here);
                }
            }
            b.putInt(0);
        }
    }

    private static JsonNode ok(Api.Response r) {
        return UploadPathsTest.ok(r);
    }
}
