package dev.assetgate.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The encoder against hashes computed by the reference encoder (npm blurhash 2.0.5, Wolt's own, with
 * the largest AC component taken in absolute value as the C reference does; the npm one takes the
 * signed maximum, which gives the same hash for the plain picture below).
 */
class BlurhashTest {

    @Test
    void aGradientGivesTheReferenceHash() {
        int w = 8;
        int h = 6;
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[y * w + x] = ((x * 37 + y * 11) % 256) << 16 | ((x * 13 + y * 53) % 256) << 8 | (x * y * 29 + 7) % 256;
            }
        }
        assertThat(Blurhash.encode(rgb, w, h, 4, 3)).isEqualTo("LlGSANKH6c=G$xM}afxEQDi^oOWF");
    }

    @Test
    void aPlainPictureGivesTheReferenceHash() {
        int[] red = new int[64 * 64];
        Arrays.fill(red, 0xff0000);
        assertThat(Blurhash.encode(red, 64, 64, 4, 3)).isEqualTo("L4TI:j|cfQ|c|cjtfQjtfQfQfQfQ");
    }
}
