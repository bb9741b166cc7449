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
 * @param format  output format asked for (jpeg, png, webp, avif), null for the default (see Derivatives#negotiate)
 * @param originalIfSmaller org_if_sml: a source no larger than asked is sent as it is
 * @param gravity what crop and cropfit keep of the source; {@link Gravity#CENTER} elsewhere
 * @param background bg_color: fit's padding and what transparency is flattened onto, null for the default
 */
public record Transformation(int width, int height, Func func, int quality, String format, boolean originalIfSmaller,
                             Gravity gravity, Rgba background) {
    public static final Transformation NONE = new Transformation(0, 0, Func.CROP, 0, null, false);
    private static final double MAX_DPR = 5;

    /** Without gravity and background (the centre, the default padding). */
    public Transformation(int width, int height, Func func, int quality, String format, boolean originalIfSmaller) {
        this(width, height, func, quality, format, originalIfSmaller, Gravity.CENTER, null);
    }

    /** The same transformation in another output format (null: the default). */
    public Transformation withFormat(String otherFormat) {
        return new Transformation(width, height, func, quality, otherFormat, originalIfSmaller, gravity, background);
    }

    /** True when crop or cropfit cut the source, so gravity says which part stays. */
    public boolean crops() {
        return width > 0 && height > 0 && (func == Func.CROP || func == Func.CROPFIT);
    }

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

    /**
     * Cloudimage's gravity: which part of the source a crop keeps. AUTO is the most interesting
     * region (libvips' attention smartcrop; the centre with the pure-Java engine). Values this server
     * does not model (face, coordinates) fall back to AUTO's neighbour, the centre.
     */
    public enum Gravity {
        CENTER(0.5, 0.5), NORTH(0.5, 0), SOUTH(0.5, 1), EAST(1, 0.5), WEST(0, 0.5),
        NORTHEAST(1, 0), NORTHWEST(0, 0), SOUTHEAST(1, 1), SOUTHWEST(0, 1), AUTO(0.5, 0.5);

        /** Where the kept region sits: 0 at the left (top), 1 at the right (bottom). */
        public final double x;
        public final double y;

        Gravity(double x, double y) {
            this.x = x;
            this.y = y;
        }

        static Gravity of(String text) {
            if (text == null || text.isBlank()) return CENTER;
            return switch (text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "")) {
                case "north", "top", "n" -> NORTH;
                case "south", "bottom", "s" -> SOUTH;
                case "east", "right", "e" -> EAST;
                case "west", "left", "w" -> WEST;
                case "northeast", "topright", "ne" -> NORTHEAST;
                case "northwest", "topleft", "nw" -> NORTHWEST;
                case "southeast", "bottomright", "se" -> SOUTHEAST;
                case "southwest", "bottomleft", "sw" -> SOUTHWEST;
                case "auto", "smart", "attention" -> AUTO;
                default -> CENTER;
            };
        }
    }

    /** A colour of bg_color: hex RGB or RGBA ("ff0000", "#f00", "ff000080") or a few names. */
    public record Rgba(int r, int g, int b, int a) {
        static Rgba parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "white": return new Rgba(255, 255, 255, 255);
                case "black": return new Rgba(0, 0, 0, 255);
                case "transparent": return new Rgba(255, 255, 255, 0);
                default: break;
            }
            if (t.startsWith("#")) t = t.substring(1);
            if (t.matches("[0-9a-f]{3}")) t = "" + t.charAt(0) + t.charAt(0) + t.charAt(1) + t.charAt(1) + t.charAt(2) + t.charAt(2);
            if (t.matches("[0-9a-f]{6}")) t = t + "ff";
            if (!t.matches("[0-9a-f]{8}")) {
                throw ApiError.INVALID_PARAMETER.with("bg_color must be a hex colour (rrggbb, rgb or rrggbbaa) or white, black, transparent; got '"
                        + text + "'");
            }
            int v = (int) Long.parseLong(t, 16);
            return new Rgba(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
        }

        public boolean opaque() {
            return a == 255;
        }

        /** rrggbbaa, the canonical spelling. */
        public String hex() {
            return String.format(Locale.ROOT, "%02x%02x%02x%02x", r, g, b, a);
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
        String bg = first(query, "bg_color", "background");
        Rgba background = bg == null || bg.isBlank() ? null : Rgba.parse(bg);
        boolean crops = width > 0 && height > 0 && (func == Func.CROP || func == Func.CROPFIT);
        Gravity gravity = crops ? Gravity.of(query.apply("gravity")) : Gravity.CENTER; // gravity matters only when cutting
        return new Transformation(width, height, func, quality, format, orgIfSml, gravity, background);
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
     * "w=200&h=100&func=crop&gravity=north&q=70&force_format=png&org_if_sml=1&bg_color=ff0000ff".
     */
    public String canonical() {
        StringJoiner out = new StringJoiner("&");
        if (width > 0) out.add("w=" + width);
        if (height > 0) out.add("h=" + height);
        if (width > 0 && height > 0) out.add("func=" + func.name().toLowerCase(Locale.ROOT));
        if (gravity != Gravity.CENTER) out.add("gravity=" + gravity.name().toLowerCase(Locale.ROOT));
        if (quality > 0) out.add("q=" + quality);
        if (format != null) out.add("force_format=" + format);
        if (originalIfSmaller) out.add("org_if_sml=1");
        if (background != null) out.add("bg_color=" + background.hex());
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
            case "avif" -> "avif";
            default -> null; // the rest: the default format
        };
    }
}
