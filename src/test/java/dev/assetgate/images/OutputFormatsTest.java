package dev.assetgate.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The format choice at the edges the HTTP tests do not reach: Accept's spellings, an engine without WebP. */
class OutputFormatsTest {
    private static final Transformation W100 = Transformation.parse("w=100", 4096);

    @Test
    void acceptNamesATypeOnlyExplicitlyAndAboveZeroQuality() {
        assertThat(OutputFormats.accepts("image/webp", "image/webp")).isTrue();
        assertThat(OutputFormats.accepts("text/html, IMAGE/WEBP ; q=0.5", "image/webp")).isTrue();
        assertThat(OutputFormats.accepts("image/*, */*", "image/webp")).as("wildcards do not count").isFalse();
        assertThat(OutputFormats.accepts("image/webp;q=0", "image/webp")).isFalse();
        assertThat(OutputFormats.accepts("image/webp;q=0.0", "image/webp")).isFalse();
        assertThat(OutputFormats.accepts("image/webp;q=abc", "image/webp")).isFalse();
        assertThat(OutputFormats.accepts(null, "image/webp")).isFalse();
    }

    @Test
    void theEngineAndThePreferenceDecide() {
        OutputFormats vips = new OutputFormats(Set.of("jpeg", "png", "webp", "avif"), List.of("avif", "webp"));
        assertThat(vips.choose(W100, "image/webp,image/avif").transformation().format()).as("the server's order").isEqualTo("avif");
        assertThat(vips.choose(W100, "image/webp").transformation().format()).isEqualTo("webp");
        assertThat(vips.choose(W100, "image/jpeg").transformation().format()).isNull();
        assertThat(vips.choose(W100, "image/jpeg").variesWithAccept()).isTrue();
        assertThat(vips.choose(W100.withFormat("png"), "image/webp").variesWithAccept()).isFalse();

        OutputFormats java = new OutputFormats(Set.of("jpeg", "png"), List.of("avif", "webp"));
        assertThat(java.choose(W100, "image/webp").transformation().format()).isNull();
        assertThat(java.choose(W100, "image/webp").variesWithAccept()).as("nothing to choose: no Vary").isFalse();
        assertThat(java.choose(W100.withFormat("webp"), null).transformation().format()).as("falls back to the default").isNull();

        OutputFormats off = new OutputFormats(Set.of("jpeg", "png", "webp"), List.of());
        assertThat(off.choose(W100, "image/webp").variesWithAccept()).isFalse();
    }
}
