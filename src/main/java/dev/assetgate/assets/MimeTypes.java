package dev.assetgate.assets;

import java.util.Locale;
import java.util.Map;

/** Picks a file's MIME type: the client's declared type when it is specific, else by extension. */
public final class MimeTypes {
    private static final String OCTET = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"),
            Map.entry("svg", "image/svg+xml"), Map.entry("bmp", "image/bmp"), Map.entry("tif", "image/tiff"),
            Map.entry("tiff", "image/tiff"), Map.entry("ico", "image/x-icon"), Map.entry("heic", "image/heic"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mov", "video/quicktime"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"),
            Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain"), Map.entry("csv", "text/csv"), Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"), Map.entry("css", "text/css"), Map.entry("js", "text/javascript"),
            Map.entry("xml", "application/xml"), Map.entry("md", "text/markdown"),
            Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"));

    private MimeTypes() {}

    public static String pick(String declared, String fileName) {
        if (declared != null) {
            String bare = declared.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (!bare.isEmpty() && !bare.equals(OCTET) && bare.matches("[a-z0-9.+-]+/[a-z0-9.+-]+")) {
                return bare;
            }
        }
        return BY_EXTENSION.getOrDefault(extension(fileName), OCTET);
    }

    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 || dot == fileName.length() - 1 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
