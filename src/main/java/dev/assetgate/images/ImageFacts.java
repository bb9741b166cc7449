package dev.assetgate.images;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the header of an image says, without decoding its pixels: displayed size (after EXIF
 * orientation), format and colour space. Written into a file's {@code info} at upload.
 */
public record ImageFacts(int width, int height, String type, String colorSpace) {

    /** Filerobot's img_o: PA (panorama, one side at least twice the other), SQ, LD (landscape) or PO (portrait). */
    public String orientation() {
        long w = width;
        long h = height;
        if (w >= 2 * h || h >= 2 * w) return "PA";
        if (w == h) return "SQ";
        return w > h ? "LD" : "PO";
    }

    public long area() {
        return (long) width * height;
    }

    public void writeTo(ObjectNode info) {
        info.put("img_w", width).put("img_h", height).put("img_o", orientation())
                .put("img_type", type).put("area", area()).put("img_color_space", colorSpace);
    }
}
