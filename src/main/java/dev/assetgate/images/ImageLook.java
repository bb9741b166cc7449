package dev.assetgate.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a picture looks like, read from a small rendering of it (at most {@link #SIDE} pixels a side):
 * its dominant colour, its main colours and its BlurHash placeholder.
 *
 * @param dominantColor the most frequent colour, "#rrggbb"; null for a fully transparent picture
 * @param mainColors    up to {@link #MAX_MAIN_COLORS} colours covering at least {@link #MIN_SHARE} of it each, most frequent first
 * @param blurhash      4 × 3 components
 */
public record ImageLook(String dominantColor, List<String> mainColors, String blurhash) {
    /** The side of the rendering colours and blurhash are read from: a bounded cost whatever the source. */
    public static final int SIDE = 64;
    static final int MAX_MAIN_COLORS = 5;
    static final double MIN_SHARE = 0.05;
    /** Pixels more transparent than this do not count towards colours. */
    private static final int MIN_ALPHA = 128;

    /** The look of a small picture (the engine's rendering of the source, at most {@link #SIDE} a side). */
    static ImageLook of(BufferedImage small) {
        int w = small.getWidth();
        int h = small.getHeight();
        int[] argb = small.getRGB(0, 0, w, h, null, 0, w);
        int[] rgb = new int[argb.length];
        // colours in buckets of 4 bits a channel; each bucket's colour is the mean of its pixels
        Map<Integer, long[]> buckets = new HashMap<>();
        int counted = 0;
        for (int k = 0; k < argb.length; k++) {
            int p = argb[k];
            int alpha = p >>> 24;
            rgb[k] = onWhite(p, alpha);
            if (alpha < MIN_ALPHA) continue;
            int key = ((p >> 20) & 0xf) << 8 | ((p >> 12) & 0xf) << 4 | ((p >> 4) & 0xf);
            long[] sum = buckets.computeIfAbsent(key, x -> new long[4]);
            sum[0]++;
            sum[1] += (p >> 16) & 0xff;
            sum[2] += (p >> 8) & 0xff;
            sum[3] += p & 0xff;
            counted++;
        }
        List<long[]> ranked = new ArrayList<>(buckets.values());
        ranked.sort((a, b) -> Long.compare(b[0], a[0]));
        List<String> main = new ArrayList<>();
        for (long[] bucket : ranked) {
            if (main.size() == MAX_MAIN_COLORS || bucket[0] < MIN_SHARE * counted) break;
            main.add(hex((int) (bucket[1] / bucket[0]), (int) (bucket[2] / bucket[0]), (int) (bucket[3] / bucket[0])));
        }
        String dominant = ranked.isEmpty() ? null
                : hex((int) (ranked.get(0)[1] / ranked.get(0)[0]), (int) (ranked.get(0)[2] / ranked.get(0)[0]), (int) (ranked.get(0)[3] / ranked.get(0)[0]));
        if (main.isEmpty() && dominant != null) main.add(dominant);
        return new ImageLook(dominant, main, Blurhash.encode(rgb, w, h, 4, 3));
    }

    /** info.dominant_color, info.main_colors, info.blurhash (shown as hash.blurhash in file objects). */
    public void writeTo(ObjectNode info) {
        if (dominantColor == null) info.putNull("dominant_color");
        else info.put("dominant_color", dominantColor);
        ArrayNode list = info.putArray("main_colors");
        mainColors.forEach(list::add);
        info.put("blurhash", blurhash);
    }

    /** What an image without a readable look (over the pixel cap, an SVG) carries: an empty list, so it is not read again. */
    public static void writeNoneTo(ObjectNode info) {
        info.remove("dominant_color");
        info.remove("blurhash");
        info.putArray("main_colors");
    }

    private static int onWhite(int p, int alpha) {
        if (alpha == 255) return p & 0xffffff;
        int r = ((p >> 16) & 0xff) * alpha / 255 + 255 - alpha;
        int g = ((p >> 8) & 0xff) * alpha / 255 + 255 - alpha;
        int b = (p & 0xff) * alpha / 255 + 255 - alpha;
        return r << 16 | g << 8 | b;
    }

    private static String hex(int r, int g, int b) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
