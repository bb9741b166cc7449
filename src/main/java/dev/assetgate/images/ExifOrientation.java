package dev.assetgate.images;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The EXIF orientation tag (1..8) of a JPEG, read from its APP1 segment without decoding, and the
 * turn that shows the pixels upright. ImageIO ignores the tag, so a phone photo would come out
 * sideways (and its img_w/img_h swapped) without it.
 */
final class ExifOrientation {
    /** How many leading bytes are searched: APP1 is at most 64 KiB and comes before the image data. */
    static final int HEAD_BYTES = 1 << 17;

    private ExifOrientation() {}

    /** The tag in a JPEG's leading bytes; 1 (upright) when absent, unreadable or not a JPEG. */
    static int read(byte[] head, int length) {
        if (length < 4 || (head[0] & 0xFF) != 0xFF || (head[1] & 0xFF) != 0xD8) return 1;
        int at = 2;
        while (at + 4 <= length && (head[at] & 0xFF) == 0xFF) {
            int marker = head[at + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) break; // image data: no APP segments after it
            int segment = u16(head, at + 2, true);
            int body = at + 4;
            if (marker == 0xE1 && body + 14 <= length && "Exif".equals(new String(head, body, 4, java.nio.charset.StandardCharsets.US_ASCII))) {
                return fromTiff(head, body + 6, Math.min(length, at + 2 + segment));
            }
            at += 2 + segment;
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        boolean bigEndian = b[tiff] == 'M';
        int ifd = tiff + (int) u32(b, tiff + 4, bigEndian);
        if (ifd + 2 > end || ifd < tiff) return 1;
        int entries = u16(b, ifd, bigEndian);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (entry + 12 > end) return 1;
            if (u16(b, entry, bigEndian) == 0x0112) {
                int value = u16(b, entry + 8, bigEndian);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    /** Orientations 5 to 8 turn the picture a quarter: its displayed width is its stored height. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5;
    }

    /** The upright picture. */
    static BufferedImage apply(BufferedImage img, int orientation) {
        if (orientation <= 1) return img;
        int w = img.getWidth();
        int h = img.getHeight();
        // AffineTransform(m00, m10, m01, m11, m02, m12): x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12
        AffineTransform turn = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
            default -> new AffineTransform(0, -1, 1, 0, 0, w);
        };
        BufferedImage out = swapsSides(orientation) ? new BufferedImage(h, w, img.getType()) : new BufferedImage(w, h, img.getType());
        Graphics2D g = out.createGraphics();
        g.drawImage(img, turn, null);
        g.dispose();
        return out;
    }

    private static int u16(byte[] b, int at, boolean bigEndian) {
        int x = b[at] & 0xFF;
        int y = b[at + 1] & 0xFF;
        return bigEndian ? x << 8 | y : y << 8 | x;
    }

    private static long u32(byte[] b, int at, boolean bigEndian) {
        long hi = u16(b, bigEndian ? at : at + 2, bigEndian);
        long lo = u16(b, bigEndian ? at + 2 : at, bigEndian);
        return hi << 16 | lo;
    }
}
