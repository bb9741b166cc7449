package dev.assetgate.images;

import dev.assetgate.error.ApiError;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import dev.assetgate.error.ApiException;

/**
 * The pure-Java engine: ImageIO with the JDK's readers (JPEG, PNG, GIF, BMP, TIFF) and
 * TwelveMonkeys' (WebP, CMYK JPEG); it writes JPEG and PNG. A large source is decoded subsampled
 * when the output is much smaller, so a thumbnail never holds the full picture in memory.
 */
public final class JavaImageEngine implements ImageEngine {
    private static final int DEFAULT_QUALITY = 80;
    private static final java.util.Set<String> WRITES = java.util.Set.of("jpeg", "png");

    @Override
    public String name() {
        return "java";
    }

    @Override
    public java.util.Set<String> writes() {
        return WRITES;
    }

    static {
        System.setProperty("java.awt.headless", "true"); // a server: Java2D without a display
        ImageIO.setUseCache(false); // no temporary files: streams are read in memory
        ImageIO.scanForPlugins();
    }

    @Override
    public Optional<ImageFacts> facts(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, ExifOrientation.HEAD_BYTES);
        int orientation = orientation(buffered);
        try (ImageInputStream stream = ImageIO.createImageInputStream(buffered)) {
            ImageReader reader = reader(stream);
            if (reader == null) return Optional.empty();
            try {
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                boolean turned = ExifOrientation.swapsSides(orientation);
                return Optional.of(new ImageFacts(turned ? h : w, turned ? w : h, type(reader), colorSpace(reader)));
            } catch (IOException | RuntimeException unreadable) {
                return Optional.empty(); // a damaged header: the file is kept, without image facts
            } finally {
                reader.dispose();
            }
        }
    }

    @Override
    public Rendered render(InputStream in, Transformation t, long maxPixels, int maxSide) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, ExifOrientation.HEAD_BYTES);
        int orientation = orientation(buffered);
        try (ImageInputStream stream = ImageIO.createImageInputStream(buffered)) {
            ImageReader reader = reader(stream);
            if (reader == null) throw unreadable("its format is not one this server reads");
            try {
                return render(reader, orientation, t, maxPixels, maxSide);
            } catch (IOException | RuntimeException e) {
                if (e instanceof ApiException refused) throw refused;
                throw unreadable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }

    private Rendered render(ImageReader reader, int orientation, Transformation t, long maxPixels, int maxSide) throws IOException {
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > maxPixels) {
            throw ApiError.IMAGE_TOO_LARGE.with("the image declares " + w + " x " + h + " pixels, more than the limit of " + maxPixels,
                    "Rule: image-max-pixels");
        }
        boolean turned = ExifOrientation.swapsSides(orientation);
        int sw = (int) (turned ? h : w);
        int sh = (int) (turned ? w : h);
        Geometry g = Geometry.plan(sw, sh, t, maxSide);
        if (g == null) return Rendered.ORIGINAL;
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, (int) Math.floor(Math.min((double) g.cropW() / g.scaledW(), (double) g.cropH() / g.scaledH()) / 2));
        if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage decoded = reader.read(0, param);
        String format = outputFormat(t.format(), type(reader), decoded.getColorModel().hasAlpha());
        Color background = t.background() == null ? null : new Color(t.background().r(), t.background().g(), t.background().b(), t.background().a());
        BufferedImage upright = ExifOrientation.apply(normalised(decoded, "png".equals(format), background), orientation);
        double sx = (double) upright.getWidth() / sw;
        double sy = (double) upright.getHeight() / sh;
        int x = Math.min(upright.getWidth() - 1, (int) Math.floor(g.cropX() * sx));
        int y = Math.min(upright.getHeight() - 1, (int) Math.floor(g.cropY() * sy));
        BufferedImage cropped = upright.getSubimage(x, y,
                Math.max(1, Math.min(upright.getWidth() - x, (int) Math.round(g.cropW() * sx))),
                Math.max(1, Math.min(upright.getHeight() - y, (int) Math.round(g.cropH() * sy))));
        BufferedImage scaled = scale(cropped, g.scaledW(), g.scaledH());
        BufferedImage canvas = place(scaled, g.canvasW(), g.canvasH(), background);
        byte[] bytes = encode(canvas, format, t.quality() > 0 ? t.quality() : DEFAULT_QUALITY);
        return new Rendered(bytes, "image/" + format, canvas.getWidth(), canvas.getHeight());
    }

    private static int orientation(BufferedInputStream in) throws IOException {
        in.mark(ExifOrientation.HEAD_BYTES);
        byte[] head = in.readNBytes(ExifOrientation.HEAD_BYTES);
        in.reset();
        return ExifOrientation.read(head, head.length);
    }

    private static ImageReader reader(ImageInputStream stream) {
        if (stream == null) return null;
        Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
        if (!readers.hasNext()) return null;
        ImageReader reader = readers.next();
        reader.setInput(stream, true, true);
        return reader;
    }

    private static String type(ImageReader reader) throws IOException {
        String name = reader.getFormatName().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "JPG" -> "JPEG";
            case "TIF" -> "TIFF";
            default -> name;
        };
    }

    private static String colorSpace(ImageReader reader) {
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            if (!types.hasNext()) return "OTHER";
            return switch (types.next().getColorModel().getColorSpace().getType()) {
                case ColorSpace.TYPE_RGB -> "RGB";
                case ColorSpace.TYPE_GRAY -> "GRAY";
                case ColorSpace.TYPE_CMYK -> "CMYK";
                default -> "OTHER";
            };
        } catch (IOException | RuntimeException e) {
            return "OTHER";
        }
    }

    /** JPEG unless asked otherwise or the picture is transparent (PNG keeps transparency); no WebP nor AVIF writer here. */
    private static String outputFormat(String asked, String sourceType, boolean alpha) {
        if ("jpeg".equals(asked) || "png".equals(asked)) return asked;
        if ("PNG".equals(sourceType) || "GIF".equals(sourceType) || alpha) return "png";
        return "jpeg";
    }

    /** Plain 8-bit RGB (or ARGB for PNG output), whatever the source's colour model; transparency flattened onto bg_color or white. */
    private static BufferedImage normalised(BufferedImage img, boolean keepAlpha, Color background) {
        int type = keepAlpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (img.getType() == type) return img;
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), type);
        Graphics2D g = out.createGraphics();
        if (!keepAlpha) {
            g.setColor(opaque(background)); // transparency flattened for JPEG
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
        }
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    /** Halves with bilinear filtering while more than twice too big, then one last step: fast and free of aliasing. */
    private static BufferedImage scale(BufferedImage img, int w, int h) {
        BufferedImage current = img;
        while (current.getWidth() / 2 >= w && current.getHeight() / 2 >= h) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return current.getWidth() == w && current.getHeight() == h ? current : draw(current, w, h);
    }

    private static BufferedImage draw(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, img.getType());
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Centres the picture on a canvas of the given size (fit's padding: bg_color, else white, or transparent for PNG). */
    private static BufferedImage place(BufferedImage img, int w, int h, Color background) {
        if (img.getWidth() == w && img.getHeight() == h) return img;
        BufferedImage out = new BufferedImage(w, h, img.getType());
        Graphics2D g = out.createGraphics();
        boolean alpha = img.getType() == BufferedImage.TYPE_INT_ARGB;
        if (!alpha || background != null) {
            g.setColor(alpha ? background : opaque(background));
            g.fillRect(0, 0, w, h);
        }
        g.drawImage(img, (w - img.getWidth()) / 2, (h - img.getHeight()) / 2, null);
        g.dispose();
        return out;
    }

    private static Color opaque(Color background) {
        return background == null ? Color.WHITE : new Color(background.getRed(), background.getGreen(), background.getBlue());
    }

    private static byte[] encode(BufferedImage img, String format, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if ("jpeg".equals(format)) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
            }
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static RuntimeException unreadable(String why) {
        return ApiError.IMAGE_UNREADABLE.with("the file is not a readable image: " + why);
    }
}
