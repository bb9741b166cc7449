package dev.assetgate.assets;

import dev.assetgate.error.ApiError;
import dev.assetgate.images.Derivatives;
import dev.assetgate.images.ImageFacts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Optional;

/**
 * Holds one upload to its key's {@link ContentRule} before any byte is stored: reads the file's first
 * {@link #HEAD_BYTES}, sniffs its type from them ({@link ContentSniffer}) and, for a raster image, reads
 * its size from the header the engine reads. A refusal names the rule in its hint; what passes goes on
 * as the same stream (the head put back in front), so nothing is read twice and nothing is buffered whole.
 */
final class ContentCheck {
    /** Enough for a type, and for an image header behind large EXIF or ICC blocks. */
    static final int HEAD_BYTES = 256 * 1024;

    /** What passed: the type the bytes show (the file is stored under it) and the whole body, unread. */
    record Checked(String mime, InputStream body) {}

    private ContentCheck() {}

    static Checked check(ContentRule rule, String name, InputStream body, Derivatives images) throws IOException {
        byte[] head = body.readNBytes(HEAD_BYTES);
        String mime = ContentSniffer.sniff(head);
        if (!rule.allowsType(mime)) {
            throw ApiError.FILE_TYPE_NOT_ALLOWED.with("'" + name + "' is " + mime + " by its content, not one of " + rule.allowedTypes(),
                    "Rule: upload.allowed_types").reason("type_not_allowed");
        }
        if (rule.capsImages() && mime.startsWith("image/") && !mime.startsWith("image/svg")) { // an SVG is never rasterised
            Optional<ImageFacts> facts = images.headerFacts(head, mime);
            if (facts.isEmpty()) {
                throw ApiError.IMAGE_UNREADABLE.with("the size of the image '" + name + "' cannot be read from its header",
                        "Rule: " + firstCap(rule) + " (an image's size must be readable before it is stored)").reason("image_size_unreadable");
            }
            refuseOverCaps(rule, name, facts.get());
        }
        return new Checked(mime, new SequenceInputStream(new ByteArrayInputStream(head), body));
    }

    private static void refuseOverCaps(ContentRule rule, String name, ImageFacts f) {
        String size = f.width() + " x " + f.height();
        if (rule.maxPixels() != null && f.area() > rule.maxPixels()) {
            throw tooLarge("'" + name + "' has " + size + " = " + f.area() + " pixels, more than " + rule.maxPixels(), "upload.max_pixels");
        }
        if (rule.maxWidth() != null && f.width() > rule.maxWidth()) {
            throw tooLarge("'" + name + "' is " + size + " pixels, wider than " + rule.maxWidth(), "upload.max_width");
        }
        if (rule.maxHeight() != null && f.height() > rule.maxHeight()) {
            throw tooLarge("'" + name + "' is " + size + " pixels, higher than " + rule.maxHeight(), "upload.max_height");
        }
    }

    private static RuntimeException tooLarge(String message, String rule) {
        return ApiError.IMAGE_DIMENSIONS_NOT_ALLOWED.with(message, "Rule: " + rule).reason("image_too_large");
    }

    private static String firstCap(ContentRule rule) {
        return rule.maxPixels() != null ? "upload.max_pixels" : rule.maxWidth() != null ? "upload.max_width" : "upload.max_height";
    }
}
