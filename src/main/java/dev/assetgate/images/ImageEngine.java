package dev.assetgate.images;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Port: reads and resizes images. One implementation is pure Java (ImageIO); a native one (libvips)
 * can take its place without the rest of the server noticing.
 */
public interface ImageEngine {

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
