package dev.assetgate.assets;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A file's type from its first bytes, never from its name or the client's Content-Type: a small table
 * of magic numbers for the types keys are usually limited to (images, PDF, audio, video, archives,
 * executables), then text (valid UTF-8 with no control bytes) told apart into HTML, SVG, XML and plain
 * text the way browsers sniff them (WHATWG MIME sniffing: markup at the start, after blanks).
 * Anything else is application/octet-stream. Zip-based formats (docx, xlsx, epub, jar) are
 * application/zip: their inner type would need the archive read.
 *
 * <p>No library does this here offline: Apache Tika is not among the project's dependencies, and the
 * image engine's own header reading (used for the pixel caps) knows images only.
 */
public final class ContentSniffer {
    public static final String OCTET = "application/octet-stream";
    /** Markup that makes a browser treat text as HTML (WHATWG's list, abridged to what matters). */
    private static final String[] HTML_STARTS = {"<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<h1", "<div",
        "<font", "<table", "<a", "<style", "<title", "<b", "<br", "<p", "<img", "<object", "<embed", "<form", "<meta", "<link",
        "<!--"};

    private ContentSniffer() {}

    /** The MIME type the bytes show ({@code head}: the file's first bytes, as many as are at hand). */
    public static String sniff(byte[] head) {
        String binary = magic(head);
        if (binary != null) return binary;
        return isText(head) ? textType(head) : OCTET;
    }

    private static String magic(byte[] b) {
        if (starts(b, 0, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (starts(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) return "image/gif";
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return "image/webp";
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) return "audio/wav";
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "AVI ")) return "video/x-msvideo";
        if (ascii(b, 0, "BM") && b.length >= 14) return "image/bmp";
        if (starts(b, 0, 'I', 'I', 0x2A, 0x00) || starts(b, 0, 'M', 'M', 0x00, 0x2A)) return "image/tiff";
        if (starts(b, 0, 0x00, 0x00, 0x01, 0x00) && b.length >= 22) return "image/x-icon";
        if (ascii(b, 4, "ftyp")) return isoMedia(b);
        if (ascii(b, 0, "%PDF-")) return "application/pdf";
        if (starts(b, 0, 0x1A, 0x45, 0xDF, 0xA3)) return "video/webm";
        if (ascii(b, 0, "OggS")) return "audio/ogg";
        if (ascii(b, 0, "fLaC")) return "audio/flac";
        if (ascii(b, 0, "ID3") || (b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0)) return "audio/mpeg";
        if (starts(b, 0, 'P', 'K', 0x03, 0x04) || starts(b, 0, 'P', 'K', 0x05, 0x06)) return "application/zip";
        if (starts(b, 0, 0x1F, 0x8B)) return "application/gzip";
        if (starts(b, 0, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) return "application/x-7z-compressed";
        if (ascii(b, 0, "Rar!")) return "application/vnd.rar";
        if (starts(b, 0, 0x7F, 'E', 'L', 'F')) return "application/x-executable";
        if (ascii(b, 0, "MZ")) return "application/x-msdownload";
        if (starts(b, 0, 0xCA, 0xFE, 0xBA, 0xBE) || starts(b, 0, 0xCF, 0xFA, 0xED, 0xFE)) return "application/x-mach-binary";
        if (starts(b, 0, 0x00, 'a', 's', 'm')) return "application/wasm";
        return null;
    }

    /** An ISO base media file (ftyp box): its major brand says which. */
    private static String isoMedia(byte[] b) {
        if (b.length < 12) return OCTET;
        String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
        return switch (brand) {
            case "avif", "avis" -> "image/avif";
            case "heic", "heix", "heim", "heis", "mif1", "msf1" -> "image/heic";
            case "qt  " -> "video/quicktime";
            case "M4A " -> "audio/mp4";
            default -> "video/mp4";
        };
    }

    /** Valid UTF-8 (a sequence cut at the end of the head aside) without NUL or other control bytes than blanks. */
    private static boolean isText(byte[] b) {
        if (b.length == 0) return true;
        for (byte x : b) {
            int c = x & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) return false;
            if (c == 0x7F) return false;
        }
        int end = b.length;
        for (int back = 0; back < 3 && end > 0 && (b[end - 1] & 0xC0) == 0x80; back++) end--;
        if (end > 0 && (b[end - 1] & 0xC0) == 0xC0) end--; // the start of a sequence cut by the head's end
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String textType(byte[] b) {
        String text = new String(b, 0, Math.min(b.length, 4096), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        if (start.startsWith("<?xml")) return start.contains("<svg") ? "image/svg+xml" : "application/xml";
        if (start.startsWith("<svg")) return "image/svg+xml";
        for (String tag : HTML_STARTS) {
            if (start.startsWith(tag) && start.length() > tag.length() && endsTag(start.charAt(tag.length()), tag)) return "text/html";
        }
        return "text/plain";
    }

    /** After a tag name a browser wants a blank or '>' (or, after "<!--", anything). */
    private static boolean endsTag(char next, String tag) {
        return tag.equals("<!--") || next == ' ' || next == '>' || next == '\t' || next == '\n' || next == '\r' || next == '/';
    }

    private static boolean starts(byte[] b, int at, int... bytes) {
        if (b.length < at + bytes.length) return false;
        for (int i = 0; i < bytes.length; i++) {
            if ((b[at + i] & 0xFF) != bytes[i]) return false;
        }
        return true;
    }

    private static boolean ascii(byte[] b, int at, String s) {
        if (b.length < at + s.length()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != (byte) s.charAt(i)) return false;
        }
        return true;
    }
}
