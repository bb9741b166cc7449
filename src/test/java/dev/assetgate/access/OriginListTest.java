package dev.assetgate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** restrictions.allowed_origins: entries parsed once, request origins matched by scheme, host and port. */
class OriginListTest {
    static final OriginList LIST = OriginList.parse(List.of("https://shop.example.com", "https://*.example.net", "http://[::1]:8080",
            "http://localhost:3000"));

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "https://shop.example.com, true", "HTTPS://Shop.Example.com:443, true", "https://shop.example.com/, true",
        "https://a.example.net, true", "https://a.b.example.net, true", "http://[::1]:8080, true", "http://localhost:3000, true",
        "https://example.net, false", "http://shop.example.com, false", "https://shop.example.com:8443, false",
        "https://shop.example.com.evil.com, false", "https://evil.com\\.example.net, false", "https://evil.com?.example.net, false",
        "https://u@shop.example.com, false", "https://shop.example.com/page, false", "null, false", "shop.example.com, false",
        "http://localhost:99999, false", "http://localhost:, false", "'', false",
    })
    void matches(String origin, boolean allowed) {
        assertThat(LIST.allows(origin)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.example.com", "https://shop.example.com/", "https://shop.example.com/page", "ftp://x.example.com",
        "https://*", "https://*.com", "https://user@shop.example.com", "https://shop.example.com?x=1", "*"})
    void malformedEntriesAreRefused(String entry) {
        assertThatThrownBy(() -> OriginList.parse(List.of(entry))).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void refererUrlsGiveTheirOrigin() {
        assertThat(OriginList.originOf("https://a.example.net:8443/checkout?x=1#top")).isEqualTo("https://a.example.net:8443");
        assertThat(OriginList.originOf("not a url")).isNull();
        assertThat(OriginList.ANY.allows("https://anything.example")).isTrue();
    }
}
