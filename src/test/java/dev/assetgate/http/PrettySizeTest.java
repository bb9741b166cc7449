package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@code size.pretty} is written without String.format (issue 17); it must still print what that printed. */
class PrettySizeTest {

    @Test
    void printsWhatStringFormatPrinted() {
        SplittableRandom random = new SplittableRandom(17);
        LongStream edges = LongStream.of(0, 1, 1023, 1024, 1025, 1535, 1536, 10_240, 1_048_575, 1_048_576, 5_368_709,
                1L << 40, (1L << 50) + 7, Long.MAX_VALUE);
        LongStream.concat(edges, LongStream.concat(random.longs(20_000, 0, 1L << 20), random.longs(20_000, 0, Long.MAX_VALUE)))
                .forEach(bytes -> assertThat(AssetJson.pretty(bytes)).as("%d bytes", bytes).isEqualTo(formatted(bytes)));
    }

    @Test
    void roundsHalfUpLikeTheSizesTheWidgetShows() {
        assertThat(AssetJson.pretty(1023)).isEqualTo("1023 B");
        assertThat(AssetJson.pretty(10_240)).isEqualTo("10.00 KB");
        assertThat(AssetJson.pretty(1029)).isEqualTo("1.00 KB"); // 1.0048...
        assertThat(AssetJson.pretty(1_572_864)).isEqualTo("1.50 MB");
    }

    /** The former implementation. */
    private static String formatted(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
