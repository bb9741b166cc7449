package dev.assetgate.assets;

import dev.assetgate.error.ApiError;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalises and validates folder paths and file names before anything touches the catalog.
 * Repeated and trailing slashes are folded; '.', '..', backslashes, '%', control and invisible
 * format characters, and look-alikes that fold to '/', '\' or '..' are refused (not "resolved"),
 * so no spelling of a path can reach outside what it appears to name. Text is stored in NFC.
 */
public final class AssetPaths {
    private static final int MAX_SEGMENT_BYTES = 255;
    private static final int MAX_PATH_CHARS = 1024;

    private AssetPaths() {}

    /** "/a//b/" → "/a/b"; null or empty → "/". A missing leading slash is added. */
    public static String folder(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "/";
        }
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (nfc.length() > MAX_PATH_CHARS) {
            throw ApiError.INVALID_PATH.with("path is longer than " + MAX_PATH_CHARS + " characters");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : nfc.split("/", -1)) {
            if (!segment.isEmpty()) {
                segments.add(checkSegment(segment, raw));
            }
        }
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }

    /** A single file or folder name (no slashes). */
    public static String name(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw ApiError.INVALID_PARAMETER.with(field + " must not be empty");
        }
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (nfc.contains("/")) {
            throw ApiError.INVALID_PATH.with(field + " '" + raw + "' must be a single name without '/'");
        }
        return checkSegment(nfc, raw);
    }

    /** Splits "/a/b/c.txt" into folder "/a/b" and name "c.txt", both validated. */
    public static String[] split(String rawPath) {
        String path = folder(rawPath);
        if (path.equals("/")) {
            throw ApiError.INVALID_PATH.with("'" + rawPath + "' names no file");
        }
        int slash = path.lastIndexOf('/');
        return new String[] {slash == 0 ? "/" : path.substring(0, slash), path.substring(slash + 1)};
    }

    public static String join(String folder, String name) {
        return ("/".equals(folder) ? "" : folder) + "/" + name;
    }

    /** The parent of a normalised folder path ("/" for a top-level folder and for the root). */
    public static String parent(String folder) {
        int slash = folder.lastIndexOf('/');
        return slash <= 0 ? "/" : folder.substring(0, slash);
    }

    private static String checkSegment(String segment, String raw) {
        if (segment.equals(".") || segment.equals("..")) {
            throw ApiError.INVALID_PATH.with("'" + raw + "': '.' and '..' are not allowed in paths");
        }
        if (segment.isBlank() || !segment.strip().equals(segment)) {
            throw ApiError.INVALID_PATH.with("'" + raw + "': names cannot be blank or start or end with spaces");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw ApiError.INVALID_PATH.with("'" + raw + "': a name is longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
        for (int i = 0; i < segment.length(); ) {
            int cp = segment.codePointAt(i);
            int type = Character.getType(cp);
            if (cp == '\\' || cp == '%' || type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
                throw ApiError.INVALID_PATH.with("'" + raw + "' contains a forbidden character (U+"
                        + String.format("%04X", cp) + ")");
            }
            i += Character.charCount(cp);
        }
        // Compatibility forms (fullwidth solidus, one-dot leaders, ...) that would read as separators or dots.
        String folded = Normalizer.normalize(segment, Normalizer.Form.NFKC);
        if (folded.contains("/") || folded.contains("\\") || folded.equals(".") || folded.equals("..")) {
            throw ApiError.INVALID_PATH.with("'" + raw + "' contains a character that looks like a path separator or dot");
        }
        String lookalikes = "\u2215\u2044\u29F8\u29F9\uFE68\u2216\u29F5";
        for (int i = 0; i < folded.length(); i++) {
            if (lookalikes.indexOf(folded.charAt(i)) >= 0) {
                throw ApiError.INVALID_PATH.with("'" + raw + "' contains a character that looks like a path separator");
            }
        }
        refuseCombiningLookalikes(folded, raw);
        return segment;
    }

    /** Combining solidus overlays draw a '/' or '\' over the character before them. */
    private static final String SOLIDUS_OVERLAYS = "\u0337\u0338\u20E5\u20EB";

    /**
     * A combining mark has no shape of its own: on a dot it still reads as a dot ("..\u0301"), and a
     * solidus overlay reads as a slash ("..\u0338" looks like "../"). NFC leaves both alone, so they are
     * refused here: any combining mark right after a '.', and a solidus overlay anywhere.
     */
    private static void refuseCombiningLookalikes(String folded, String raw) {
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            int type = Character.getType(cp);
            boolean combining = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            if (combining && (SOLIDUS_OVERLAYS.indexOf(cp) >= 0 || (i > 0 && folded.charAt(i - 1) == '.'))) {
                throw ApiError.INVALID_PATH.with("'" + raw + "' contains a combining mark (U+" + String.format("%04X", cp)
                        + ") that makes a look-alike of '.' or '/'");
            }
            i += Character.charCount(cp);
        }
    }
}
