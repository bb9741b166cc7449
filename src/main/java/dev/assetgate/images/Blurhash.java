package dev.assetgate.images;

/**
 * A BlurHash encoder (the algorithm of github.com/woltapp/blurhash, MIT): a short text that a client
 * decodes into a blurred placeholder of the picture. No maintained Java encoder is published on
 * Maven Central, and the algorithm is small: the picture's pixels are projected onto a few cosine
 * components (the first is the mean colour), quantised and written in base 83.
 */
final class Blurhash {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    private Blurhash() {}

    /** The hash of {@code w × h} pixels given as 0xRRGGBB ints, with {@code cx × cy} components (1..9 each). */
    static String encode(int[] rgb, int w, int h, int cx, int cy) {
        double[][] factors = new double[cx * cy][];
        for (int j = 0; j < cy; j++) {
            for (int i = 0; i < cx; i++) {
                factors[j * cx + i] = component(rgb, w, h, i, j);
            }
        }
        StringBuilder hash = new StringBuilder();
        base83(hash, (cx - 1) + (cy - 1) * 9, 1);
        double maximum = 1;
        if (factors.length > 1) {
            double actualMax = 0;
            for (int k = 1; k < factors.length; k++) {
                for (double v : factors[k]) actualMax = Math.max(actualMax, Math.abs(v));
            }
            int quantisedMax = (int) Math.max(0, Math.min(82, Math.floor(actualMax * 166 - 0.5)));
            maximum = (quantisedMax + 1) / 166.0;
            base83(hash, quantisedMax, 1);
        } else {
            base83(hash, 0, 1);
        }
        double[] dc = factors[0];
        base83(hash, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
        for (int k = 1; k < factors.length; k++) {
            double[] ac = factors[k];
            base83(hash, quantise(ac[0], maximum) * 19 * 19 + quantise(ac[1], maximum) * 19 + quantise(ac[2], maximum), 2);
        }
        return hash.toString();
    }

    private static double[] component(int[] rgb, int w, int h, int i, int j) {
        double r = 0;
        double g = 0;
        double b = 0;
        for (int y = 0; y < h; y++) {
            double cosY = Math.cos(Math.PI * j * y / h);
            for (int x = 0; x < w; x++) {
                double basis = Math.cos(Math.PI * i * x / w) * cosY;
                int p = rgb[y * w + x];
                r += basis * toLinear((p >> 16) & 0xff);
                g += basis * toLinear((p >> 8) & 0xff);
                b += basis * toLinear(p & 0xff);
            }
        }
        double scale = (i == 0 && j == 0 ? 1.0 : 2.0) / ((double) w * h);
        return new double[] {r * scale, g * scale, b * scale};
    }

    private static int quantise(double value, double maximum) {
        double v = value / maximum;
        double signedRoot = Math.copySign(Math.sqrt(Math.abs(v)), v);
        return (int) Math.max(0, Math.min(18, Math.floor(signedRoot * 9 + 9.5)));
    }

    private static double toLinear(int channel) {
        double v = channel / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static int toSrgb(double linear) {
        double v = Math.max(0, Math.min(1, linear));
        return v <= 0.0031308 ? (int) (v * 12.92 * 255 + 0.5) : (int) ((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }

    private static void base83(StringBuilder out, int value, int length) {
        for (int i = 1; i <= length; i++) {
            int digit = (int) (value / Math.pow(83, length - i)) % 83;
            out.append(DIGITS.charAt(digit));
        }
    }
}
