package dev.assetgate.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The type of a file from its first bytes: magic numbers, then text as browsers tell it apart. */
class ContentSnifferTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "<!DOCTYPE html><p>hi                       | text/html",
        "\uFEFF \t <HTML lang=en>                    | text/html",
        "<script>alert(1)</script>                  | text/html",
        "<!-- a comment -->                         | text/html",
        "<?xml version='1.0'?><svg xmlns='x'/>      | image/svg+xml",
        "<svg width='10'/>                          | image/svg+xml",
        "<?xml version='1.0'?><feed/>               | application/xml",
        "plain words, then <html> later             | text/plain",
        "<bold> is not a tag browsers sniff         | text/plain",
        "%PDF-1.7                                   | application/pdf",
        "GIF89a......                               | image/gif",
        "Grüße aus Köln                             | text/plain",
    })
    void textAndMarkup(String content, String type) {
        assertThat(ContentSniffer.sniff(content.getBytes(StandardCharsets.UTF_8))).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "FFD8FFE000104A464946, image/jpeg",
        "89504E470D0A1A0A0000000D49484452, image/png",
        "524946460000000057454250565038, image/webp",
        "0000001C667479706176696600000000, image/avif",
        "0000001C667479706865696300000000, image/heic",
        "00000018667479706D703432, video/mp4",
        "7F454C4602010100, application/x-executable",
        "4D5A90000300000004000000FFFF0000, application/x-msdownload",
        "504B0304140000000800, application/zip",
        "1A45DFA39F4286810142, video/webm",
        "00010203040506070809, application/octet-stream",
        "FF00FF00, application/octet-stream",
    })
    void magicNumbers(String hex, String type) {
        assertThat(ContentSniffer.sniff(java.util.HexFormat.of().parseHex(hex))).isEqualTo(type);
    }
}
