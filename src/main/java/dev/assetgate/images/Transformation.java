package dev.assetgate.images;

import dev.assetgate.error.ApiError;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * The Cloudimage parameters of a delivery URL that this server models, normalised: dpr already
 * applied, sizes capped, aliases folded, unknown parameters ignored (as Cloudimage does). Equal
 * transformations have equal {@link #canonical()} text, which keys the derivative cache and is
 * what a signed URL signs.
 *
 * @param width   output width in pixels, 0 when not given
 * @param height  output height in pixels, 0 when not given
 * @param func    how width and height are met; {@link Func#CROP} when both are given without one
 * @param quality JPEG quality 1..100, 0 for the default
 * @param format  output format asked for (jpeg, png, webp), null to keep the source's
 * @param originalIfSmaller org_if_sml: a source no larger than asked is sent as it is
 */
public record Transformation(int width, int height, Func func, int quality, String format, boolean originalIfSmaller) {
    public static final Transformation NONE = new Transformation(0, 0, Func.CROP, 0, null, false);
    private static final double MAX_DPR = 5;

    /** Cloudimage's resize operations; anything else falls back to BOUND (never distorts, never upscales). */
    public enum Func {
        CROP, FIT, BOUND, COVER, CROPFIT;

        static Func of(String text) {
            if (text == null || text.isBlank()) return CROP;
            for (Func f : values()) {
                if (f.name().equalsIgnoreCase(text.trim())) return f;
            }
            return BOUND;
        }
    }

    /** Reads the parameters from a query; sizes above {@code maxDimension} (after dpr) are lowered to it. */
    public static Transformation parse(UnaryOperator<String> query, int maxDimension) {
        double dpr = number(query.apply("dpr"), "dpr", 0.1, MAX_DPR, 1);
        int width = size(first(query, "w", "width"), "w", dpr, maxDimension);
        int height = size(first(query, "h", "height"), "h", dpr, maxDimension);
        int quality = (int) number(query.apply("q"), "q", 1, 100, 0);
        String format = format(query.apply("force_format"));
        boolean orgIfSml = "1".equals(query.apply("org_if_sml")) || "true".equalsIgnoreCase(query.apply("org_if_sml"));
        Func func = width > 0 && height > 0 ? Func.of(query.apply("func")) : Func.CROP; // func needs both sides
        return new Transformation(width, height, func, quality, format, orgIfSml);
    }

    /** Reads the parameters from a query string such as "w=200&func=crop" (the transform of a signed URL). */
    public static Transformation parse(String query, int maxDimension) {
        java.util.Map<String, String> params = new java.util.HashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.putIfAbsent(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return parse(params::get, maxDimension);
    }

    /** True when the URL asks for nothing but the original bytes. */
    public boolean isNone() {
        return equals(NONE);
    }

    /**
     * A stable text of the transformation, empty for none, itself a query that asks for it:
     * "w=200&h=100&func=crop&q=70&force_format=png&org_if_sml=1".
     */
    public String canonical() {
        StringJoiner out = new StringJoiner("&");
        if (width > 0) out.add("w=" + width);
        if (height > 0) out.add("h=" + height);
        if (width > 0 && height > 0) out.add("func=" + func.name().toLowerCase(Locale.ROOT));
        if (quality > 0) out.add("q=" + quality);
        if (format != null) out.add("force_format=" + format);
        if (originalIfSmaller) out.add("org_if_sml=1");
        return out.toString();
    }

    private static String first(UnaryOperator<String> query, String name, String alias) {
        String v = query.apply(name);
        return v != null ? v : query.apply(alias);
    }

    private static int size(String text, String name, double dpr, int maxDimension) {
        if (text == null || text.isBlank()) return 0;
        double px = number(text, name, 1, Integer.MAX_VALUE, 0);
        return (int) Math.min(maxDimension, Math.max(1, Math.round(px * dpr)));
    }

    private static double number(String text, String name, double min, double max, double absent) {
        if (text == null || text.isBlank()) return absent;
        try {
            double v = Double.parseDouble(text.trim());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ApiError.INVALID_PARAMETER.with(name + " must be a number from " + (long) min + " to " + (long) max + ", got '" + text + "'");
    }

    private static String format(String text) {
        if (text == null) return null;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "jpeg", "jpg" -> "jpeg";
            case "png" -> "png";
            case "webp" -> "webp";
            default -> null; // avif and the rest: the source's format
        };
    }
}
