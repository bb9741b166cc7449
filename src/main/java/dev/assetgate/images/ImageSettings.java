package dev.assetgate.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A project's image settings (docs/images.md, "Project image settings").
 *
 * @param exifGps      EXIF's GPS position is kept in info.metadata.gps (default: left out)
 * @param presets      named transformations, by name, each as its canonical query ("w=200&h=200&func=crop"); the variants of a file
 * @param restrict     url.cdn transforms only as a preset, an allowed size, or the server's own thumbnail and preview
 * @param allowedSizes the sizes allowed when restricted: {width, height}, 0 for a side not given
 */
public record ImageSettings(boolean exifGps, Map<String, String> presets, boolean restrict, List<int[]> allowedSizes) {
    public static final ImageSettings DEFAULT = new ImageSettings(false, Map.of(), false, List.of());
    static final int MAX_PRESETS = 50;
    static final int MAX_SIZES = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})?(?:x(\\d{1,5}))?");
    private static final Set<String> MEMBERS = Set.of("exif_gps", "presets", "restrict_transformations", "allowed_sizes");

    public ImageSettings {
        presets = Collections.unmodifiableMap(new LinkedHashMap<>(presets));
        allowedSizes = List.copyOf(allowedSizes);
    }

    /**
     * True when url.cdn may compute {@code t}: always without a restriction, else when it is a
     * preset, has an allowed size, or is one of {@code builtIn} (what file objects link to).
     */
    public boolean allows(Transformation t, Set<String> builtIn) {
        if (!restrict || t.isNone()) return true;
        String canonical = t.canonical();
        if (builtIn.contains(canonical) || presets.containsValue(canonical)) return true;
        for (int[] size : allowedSizes) {
            if (size[0] == t.width() && size[1] == t.height()) return true;
        }
        return false;
    }

    /** Reads a PUT body (every member optional; unknown members and bad values are INVALID_PARAMETER). */
    public static ImageSettings parse(JsonNode body, int maxDimension) {
        if (body == null || !body.isObject()) throw ApiError.INVALID_PARAMETER.with("the image settings must be a JSON object");
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) throw ApiError.INVALID_PARAMETER.with("unknown member '" + name + "'; known: " + MEMBERS);
        }
        boolean gps = bool(body, "exif_gps");
        boolean restrict = bool(body, "restrict_transformations");
        Map<String, String> presets = new LinkedHashMap<>();
        JsonNode p = body.path("presets");
        if (!p.isMissingNode() && !p.isNull()) {
            if (!p.isObject()) throw ApiError.INVALID_PARAMETER.with("presets must be an object of name: transformation");
            if (p.size() > MAX_PRESETS) throw ApiError.INVALID_PARAMETER.with("at most " + MAX_PRESETS + " presets");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!NAME.matcher(e.getKey()).matches()) {
                    throw ApiError.INVALID_PARAMETER.with("preset name '" + e.getKey() + "' must be 1-64 letters, digits, '-' or '_'");
                }
                if (!e.getValue().isTextual()) throw ApiError.INVALID_PARAMETER.with("preset '" + e.getKey() + "' must be a query string such as \"w=200&h=200\"");
                Transformation t = Transformation.parse(e.getValue().asText(), maxDimension);
                if (t.isNone()) throw ApiError.INVALID_PARAMETER.with("preset '" + e.getKey() + "' transforms nothing: give w, h, q or force_format");
                presets.put(e.getKey(), t.canonical());
            }
        }
        List<int[]> sizes = new ArrayList<>();
        JsonNode s = body.path("allowed_sizes");
        if (!s.isMissingNode() && !s.isNull()) {
            if (!s.isArray()) throw ApiError.INVALID_PARAMETER.with("allowed_sizes must be an array such as [\"250x250\", \"500\", \"x300\"]");
            if (s.size() > MAX_SIZES) throw ApiError.INVALID_PARAMETER.with("at most " + MAX_SIZES + " allowed sizes");
            for (JsonNode size : s) sizes.add(size(size, maxDimension));
        }
        return new ImageSettings(gps, presets, restrict, sizes);
    }

    /** As stored and as GET answers it. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("exif_gps", exifGps);
        ObjectNode p = o.putObject("presets");
        presets.forEach(p::put);
        o.put("restrict_transformations", restrict);
        var list = o.putArray("allowed_sizes");
        for (int[] size : allowedSizes) list.add((size[0] > 0 ? Integer.toString(size[0]) : "") + (size[1] > 0 ? "x" + size[1] : ""));
        return o;
    }

    private static boolean bool(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw ApiError.INVALID_PARAMETER.with(name + " must be true or false");
        return v.booleanValue();
    }

    /** "250x250", "500" (a width), "x300" (a height), each side 1 to image-max-dimension. */
    private static int[] size(JsonNode node, int maxDimension) {
        Matcher m = node.isTextual() ? SIZE.matcher(node.asText().trim()) : null;
        if (m != null && m.matches() && (m.group(1) != null || m.group(2) != null)) {
            int w = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
            int h = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            boolean inRange = (m.group(1) == null || (w >= 1 && w <= maxDimension)) && (m.group(2) == null || (h >= 1 && h <= maxDimension));
            if (inRange) return new int[] {w, h};
        }
        throw ApiError.INVALID_PARAMETER.with("each allowed size must be \"WxH\", \"W\" or \"xH\" with sides from 1 to " + maxDimension
                + ", got " + node);
    }
}
