package dev.assetgate.images;

import dev.assetgate.error.ApiError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upload option {@code resize=W,H}: a JPEG or PNG larger than W × H is downscaled to fit inside
 * it (aspect kept, never enlarged) before it is stored; the stored file is then that picture.
 */
public record UploadResize(int width, int height) {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,6})\\s*,\\s*(\\d{1,6})\\s*");
    private static final int QUALITY = 90;

    /** The option, null when absent; anything but two whole numbers from 1 is INVALID_PARAMETER (before any byte is kept). */
    public static UploadResize parse(String text) {
        if (text == null) return null;
        Matcher m = FORM.matcher(text);
        if (m.matches()) {
            int w = Integer.parseInt(m.group(1));
            int h = Integer.parseInt(m.group(2));
            if (w >= 1 && h >= 1) return new UploadResize(w, h);
        }
        throw ApiError.INVALID_PARAMETER.with("resize must be W,H: two whole numbers of pixels from 1, got '" + text + "'");
    }

    /** The transformation for a source of {@code mime}; null for types kept as sent (only JPEG and PNG are rewritten in their own format). */
    Transformation transformation(String mime) {
        String format = switch (mime) {
            case "image/jpeg" -> "jpeg";
            case "image/png" -> "png";
            default -> null;
        };
        return format == null ? null : new Transformation(width, height, Transformation.Func.BOUND, QUALITY, format, true);
    }
}
