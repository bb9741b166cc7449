package dev.assetgate.images;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which format a derivative is encoded in. A force_format the engine writes is kept; one it does not
 * write (WebP or AVIF with the pure-Java engine) falls back to the default (JPEG, or PNG for a PNG,
 * GIF or transparent source). Without force_format, the first of image-accept-formats that the
 * request's {@code Accept} lists (and the engine writes) is taken, and the answer varies with
 * {@code Accept}. The chosen format is part of the transformation, so it keys the derivative cache and
 * its ETag; what a signed URL signs is the transformation as asked, before this choice.
 */
public final class OutputFormats {
    private final Set<String> written;
    private final List<String> fromAccept;

    /** The formats the engine writes, and image-accept-formats in order of preference. */
    public OutputFormats(Set<String> written, List<String> acceptFormats) {
        this.written = written;
        this.fromAccept = acceptFormats.stream().filter(written::contains).toList();
    }

    /** A transformation with its format decided, and whether that decision read Accept. */
    public record Choice(Transformation transformation, boolean variesWithAccept) {}

    public Choice choose(Transformation asked, String accept) {
        if (asked.format() != null) {
            return new Choice(written.contains(asked.format()) ? asked : asked.withFormat(null), false);
        }
        if (fromAccept.isEmpty()) return new Choice(asked, false);
        for (String format : fromAccept) {
            if (accepts(accept, "image/" + format)) return new Choice(asked.withFormat(format), true);
        }
        return new Choice(asked, true);
    }

    /** True when the Accept header names this type with a quality above zero (wildcards do not count). */
    static boolean accepts(String accept, String type) {
        if (accept == null) return false;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(type)) continue;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        if (Double.parseDouble(p.substring(2)) <= 0) return false;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }
}
