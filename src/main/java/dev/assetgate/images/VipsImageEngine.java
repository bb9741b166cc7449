package dev.assetgate.images;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.assetgate.error.ApiError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The libvips engine: decodes with shrink-on-load (vips_thumbnail), crops, pads and encodes JPEG,
 * PNG, WebP and, where libheif has an AV1 encoder, AVIF. It reads JPEG, PNG, GIF (first frame),
 * WebP, TIFF and HEIF/AVIF; every other loader (SVG, PDF, …) is refused, so nothing is rasterised
 * that the server promises to send as it is. The header is read first and a source over the pixel
 * cap is refused before any pixel is decoded. A truncated source is refused (fail_on=truncated)
 * rather than cached as a partly grey derivative. Header facts come from the pure-Java engine (they are
 * cheap there and the same on every node), from libvips only for what Java does not read (AVIF, HEIC).
 */
public final class VipsImageEngine implements ImageEngine {
    /** The loaders allowed to run, by the start of their class name (each has File, Buffer, Source variants). */
    private static final Map<String, String> LOADERS = Map.of(
            "VipsForeignLoadJpeg", "JPEG", "VipsForeignLoadPng", "PNG", "VipsForeignLoadNsgif", "GIF",
            "VipsForeignLoadGif", "GIF", "VipsForeignLoadWebp", "WEBP", "VipsForeignLoadTiff", "TIFF", "VipsForeignLoadHeif", "HEIF");
    private static final int JPEG_QUALITY = 80;
    private static final int AVIF_QUALITY = 50;
    /** For the loader under vips_thumbnail_buffer (8.14 passes its own fail_on only to file loaders): refuse truncated data. */
    private static final String LOAD_OPTIONS = "fail_on=truncated";
    /** libvips decodes from memory: a source file is read whole, up to this size (a 100 MP 16-bit TIFF is 600 MB). */
    private static final int MAX_SOURCE_BYTES = 1 << 30;
    private static final int FACTS_BYTES = 64 << 20;
    private final Vips vips;
    private final VipsLibrary lib;
    private final JavaImageEngine headers = new JavaImageEngine();
    private final Set<String> writes;

    private VipsImageEngine(Vips vips) {
        this.vips = vips;
        this.lib = vips.lib;
        this.writes = probeWriters();
    }

    /** The engine, when libvips loads in this process. */
    public static Optional<VipsImageEngine> load() {
        return Vips.load().map(VipsImageEngine::new);
    }

    /** Why libvips could not be loaded (for the log), null when it was. */
    public static String loadFailure() {
        return Vips.failure();
    }

    @Override
    public String name() {
        return "vips " + vips.version;
    }

    @Override
    public Set<String> writes() {
        return writes;
    }

    /** Pixel memory libvips holds now: back to where it was once every transformation is done (the leak check). */
    public long trackedBytes() {
        return lib.vips_tracked_get_mem();
    }

    public int trackedAllocations() {
        return lib.vips_tracked_get_allocs();
    }

    @Override
    public Optional<ImageFacts> facts(InputStream in) throws IOException {
        // the Java reader reads only the header it needs; what it read is read again for libvips
        BufferedInputStream marked = new BufferedInputStream(in, 64 * 1024);
        marked.mark(FACTS_BYTES);
        Optional<ImageFacts> java = headers.facts(marked);
        if (java.isPresent()) return java;
        try {
            marked.reset();
        } catch (IOException readTooFar) {
            return Optional.empty();
        }
        byte[] bytes = marked.readNBytes(FACTS_BYTES); // a HEIF's meta box is at its start
        if (bytes.length == 0) return Optional.empty();
        try (Memory source = copy(bytes); Vips.Scope scope = vips.new Scope()) {
            String loader = loader(source);
            if (!"HEIF".equals(loader)) return Optional.empty();
            Pointer image = scope.image(lib.vips_image_new_from_buffer(source, source.size(), "", Vips.args()));
            if (image == null) {
                vips.takeError();
                return Optional.empty();
            }
            int w = lib.vips_image_get_width(image);
            int h = lib.vips_image_get_height(image);
            boolean turned = ExifOrientation.swapsSides(lib.vips_image_get_orientation(image));
            return Optional.of(new ImageFacts(turned ? h : w, turned ? w : h, heifType(bytes), colorSpace(image)));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public Rendered render(InputStream in, Transformation t, long maxPixels, int maxSide) throws IOException {
        byte[] bytes = in.readNBytes(MAX_SOURCE_BYTES + 1);
        if (bytes.length == 0) throw unreadable("the file is empty");
        if (bytes.length > MAX_SOURCE_BYTES) {
            throw ApiError.IMAGE_TOO_LARGE.with("the image file is larger than " + MAX_SOURCE_BYTES + " bytes, the most this engine transforms",
                    "Ask for the original (no transformation parameters).");
        }
        try (Memory source = copy(bytes); Vips.Scope scope = vips.new Scope()) {
            String type = loader(source);
            if (type == null) throw unreadable("its format is not one this server reads");
            Pointer header = scope.image(lib.vips_image_new_from_buffer(source, source.size(), "", Vips.args()));
            if (header == null) throw unreadable(vips.takeError());
            long w = lib.vips_image_get_width(header);
            long h = lib.vips_image_get_height(header);
            if (w * h > maxPixels) {
                throw ApiError.IMAGE_TOO_LARGE.with("the image declares " + w + " x " + h + " pixels, more than the limit of " + maxPixels,
                        "Rule: image-max-pixels");
            }
            boolean turned = ExifOrientation.swapsSides(lib.vips_image_get_orientation(header));
            int sw = (int) (turned ? h : w);
            int sh = (int) (turned ? w : h);
            Geometry g = Geometry.plan(sw, sh, t, maxSide);
            if (g == null) return Rendered.ORIGINAL;
            Pointer image = srgb(scope, scaled(scope, source, sw, sh, g, t));
            String format = outputFormat(t.format(), type, lib.vips_image_hasalpha(image) != 0);
            image = padded(scope, image, g, format, t.background());
            byte[] encoded = encode(image, format, t.quality());
            return new Rendered(encoded, "image/" + format, lib.vips_image_get_width(image), lib.vips_image_get_height(image));
        }
    }

    /** The region of the plan, upright, at its output size: shrink-on-load, then a cut where gravity says. */
    private Pointer scaled(Vips.Scope scope, Memory source, int sw, int sh, Geometry g, Transformation t) {
        PointerByReference out = new PointerByReference();
        if (g.wholeSource(sw, sh) || t.gravity() == Transformation.Gravity.CENTER || t.gravity() == Transformation.Gravity.AUTO) {
            // the whole picture, or a centred (or smart) cut that vips_thumbnail makes itself
            // size=force: exactly the planned size (each side shrunk on its own); with crop it would
            // squash the picture to the box instead of cutting, so a crop keeps the default size=both
            Object[] args = g.wholeSource(sw, sh)
                    ? Vips.args("height", g.scaledH(), "size", vips.sizeForce, "option_string", LOAD_OPTIONS)
                    : Vips.args("height", g.scaledH(), "option_string", LOAD_OPTIONS, "crop",
                            t.gravity() == Transformation.Gravity.AUTO ? vips.interestingAttention : vips.interestingCentre);
            return check(scope.image(lib.vips_thumbnail_buffer(source, source.size(), out, g.scaledW(), args), out));
        }
        // another gravity: the whole picture at the region's scale, then the region
        double sx = (double) g.scaledW() / g.cropW();
        double sy = (double) g.scaledH() / g.cropH();
        int tw = (int) Math.max(g.scaledW(), Math.round(sw * sx));
        int th = (int) Math.max(g.scaledH(), Math.round(sh * sy));
        Pointer whole = check(scope.image(lib.vips_thumbnail_buffer(source, source.size(), out, tw,
                Vips.args("height", th, "size", vips.sizeForce, "option_string", LOAD_OPTIONS)), out));
        int x = (int) Math.min(Math.round(g.cropX() * sx), lib.vips_image_get_width(whole) - g.scaledW());
        int y = (int) Math.min(Math.round(g.cropY() * sy), lib.vips_image_get_height(whole) - g.scaledH());
        PointerByReference cut = new PointerByReference();
        return check(scope.image(lib.vips_extract_area(whole, cut, Math.max(0, x), Math.max(0, y),
                Math.min(g.scaledW(), lib.vips_image_get_width(whole)), Math.min(g.scaledH(), lib.vips_image_get_height(whole)), Vips.args()), cut));
    }

    /** 8-bit sRGB whatever came in (16-bit PNG, grey, CMYK without a profile): what every encoder here expects. */
    private Pointer srgb(Vips.Scope scope, Pointer image) {
        PointerByReference out = new PointerByReference();
        return check(scope.image(lib.vips_colourspace(image, out, vips.srgb, Vips.args()), out));
    }

    /**
     * Transparency flattened for JPEG, then fit's padding: bg_color, else white for JPEG and
     * transparent for the formats that keep an alpha channel.
     */
    private Pointer padded(Vips.Scope scope, Pointer image, Geometry g, String format, Transformation.Rgba bg) {
        boolean alphaFormat = !"jpeg".equals(format);
        Pointer current = image;
        if (!alphaFormat && lib.vips_image_hasalpha(current) != 0) {
            PointerByReference out = new PointerByReference();
            double[] rgb = bg == null ? new double[] {255, 255, 255} : new double[] {bg.r(), bg.g(), bg.b()};
            current = check(scope.image(lib.vips_flatten(current, out, Vips.args("background", scope.doubles(rgb))), out));
        }
        int w = lib.vips_image_get_width(current);
        int h = lib.vips_image_get_height(current);
        if (w >= g.canvasW() && h >= g.canvasH()) return current;
        double[] fill;
        if (alphaFormat && (bg == null || !bg.opaque())) {
            if (lib.vips_image_hasalpha(current) == 0) {
                PointerByReference out = new PointerByReference();
                current = check(scope.image(lib.vips_addalpha(current, out, Vips.args()), out));
            }
            fill = bg == null ? new double[] {0, 0, 0, 0} : new double[] {bg.r(), bg.g(), bg.b(), bg.a()};
        } else {
            fill = bg == null ? new double[] {255, 255, 255} : new double[] {bg.r(), bg.g(), bg.b()};
            if (lib.vips_image_hasalpha(current) != 0) fill = new double[] {fill[0], fill[1], fill[2], 255};
        }
        PointerByReference out = new PointerByReference();
        return check(scope.image(lib.vips_embed(current, out, (g.canvasW() - w) / 2, (g.canvasH() - h) / 2, g.canvasW(), g.canvasH(),
                Vips.args("extend", vips.extendBackground, "background", scope.doubles(fill))), out));
    }

    /** Encodes without metadata (no EXIF, GPS nor orientation tag leaves with a derivative). */
    private byte[] encode(Pointer image, String format, int quality) {
        int q = quality > 0 ? quality : "avif".equals(format) ? AVIF_QUALITY : JPEG_QUALITY;
        String suffix = switch (format) {
            case "jpeg" -> ".jpg[Q=" + q + ",strip]";
            case "webp" -> ".webp[Q=" + q + ",strip]";
            case "avif" -> ".avif[Q=" + q + ",compression=av1,bitdepth=8,effort=2,strip]";
            default -> ".png[strip]";
        };
        PointerByReference buffer = new PointerByReference();
        LongByReference size = new LongByReference();
        if (lib.vips_image_write_to_buffer(image, suffix, buffer, size, Vips.args()) != 0) {
            throw unreadable("it could not be encoded as " + format + ": " + vips.takeError());
        }
        Pointer bytes = buffer.getValue();
        try {
            return bytes.getByteArray(0, (int) size.getValue());
        } finally {
            lib.g_free(bytes);
        }
    }

    /** The source's format by the loader libvips picks, null when that loader is not one this engine runs. */
    private String loader(Memory source) {
        String name = lib.vips_foreign_find_load_buffer(source, source.size());
        if (name == null) {
            vips.takeError();
            return null;
        }
        for (Map.Entry<String, String> allowed : LOADERS.entrySet()) {
            if (name.startsWith(allowed.getKey())) return allowed.getValue();
        }
        return null;
    }

    /** JPEG unless asked otherwise or the picture can be transparent (PNG keeps it); formats not written here take the same default. */
    private String outputFormat(String asked, String sourceType, boolean alpha) {
        if (asked != null && writes.contains(asked)) return asked;
        if ("PNG".equals(sourceType) || "GIF".equals(sourceType) || alpha) return "png";
        return "jpeg";
    }

    private String colorSpace(Pointer image) {
        int i = lib.vips_image_get_interpretation(image);
        if (i == vips.srgb || i == vips.rgb16) return "RGB";
        if (i == vips.bw || i == vips.grey16) return "GRAY";
        if (i == vips.cmyk) return "CMYK";
        return "OTHER";
    }

    /** AVIF or HEIC by the brand of the ISO box the file starts with. */
    private static String heifType(byte[] bytes) {
        String brand = bytes.length >= 12 ? new String(bytes, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        return brand.startsWith("avi") ? "AVIF" : "HEIC";
    }

    /** Which of WebP and AVIF this libvips encodes: a 2 x 2 picture is saved once in each at start. */
    private Set<String> probeWriters() {
        Set<String> formats = new LinkedHashSet<>(java.util.List.of("jpeg", "png"));
        for (String format : new String[] {"webp", "avif"}) {
            try (Vips.Scope scope = vips.new Scope(); Memory png = copy(tinyPng())) {
                Pointer image = scope.image(lib.vips_image_new_from_buffer(png, png.size(), "", Vips.args()));
                if (image == null) throw unreadable(vips.takeError());
                encode(srgb(scope, image), format, 0);
                formats.add(format);
            } catch (RuntimeException cannot) {
                vips.takeError();
            }
        }
        return Set.copyOf(formats);
    }

    private Pointer check(Pointer image) {
        if (image == null) throw unreadable(vips.takeError());
        return image;
    }

    private static Memory copy(byte[] bytes) {
        Memory m = new Memory(bytes.length);
        m.write(0, bytes, 0, bytes.length);
        return m;
    }

    private static RuntimeException unreadable(String why) {
        return ApiError.IMAGE_UNREADABLE.with("the file is not a readable image: " + why);
    }

    /** A 2 x 2 RGB PNG, for the encoder probe. */
    private static byte[] tinyPng() {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
