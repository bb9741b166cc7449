package dev.assetgate.images;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Port: reads and resizes images. {@link JavaImageEngine} is pure Java (ImageIO); {@link VipsImageEngine}
 * goes through libvips when it is installed. {@link ImageEngines} picks one from the image-engine setting.
 */
public interface ImageEngine {

    /** What the start banner and /ready call this engine: "java", or "vips 8.14.1". */
    String name();

    /** The output formats it encodes (jpeg, png, and with libvips webp, avif); others fall back to the default. */
    java.util.Set<String> writes();

    /** The facts in an image's header, or empty when the bytes are no image this engine reads. */
    Optional<ImageFacts> facts(InputStream in) throws IOException;

    /**
     * Renders {@code t} of the image in {@code in}, no side larger than {@code maxSide}. Throws
     * IMAGE_TOO_LARGE before decoding a source over {@code maxPixels}, IMAGE_UNREADABLE for bytes
     * that are no readable image.
     */
    Rendered render(InputStream in, Transformation t, long maxPixels, int maxSide) throws IOException;

    /** An encoded derivative, or {@link #ORIGINAL} when the source itself answers (org_if_sml). */
    record Rendered(byte[] bytes, String mime, int width, int height) {
        public static final Rendered ORIGINAL = new Rendered(null, null, 0, 0);

        public boolean isOriginal() {
            return bytes == null;
        }
    }
}
