package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.FreshServer;
import dev.assetgate.support.ServerSetting;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every answer carries X-Request-Id; an error envelope carries the same id; a client's own id is believed only from a trusted proxy. */
@WithServer
class RequestIdTest {
    private static final String ID = "[0-9a-f]{32}";
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @Test
    void everyAnswerCarriesAFreshId(TestProject project) {
        Api.Response ok = project.api.get("/v5/files?folder=/");
        Api.Response again = project.api.get("/v5/files?folder=/");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("X-Request-Id")).matches(ID);
        assertThat(again.header("X-Request-Id")).matches(ID).isNotEqualTo(ok.header("X-Request-Id"));
        assertThat(server.anonymous.get("/health").header("X-Request-Id")).matches(ID);
    }

    @Test
    void theErrorEnvelopeCarriesTheIdOfItsAnswer(TestProject project) {
        Api.Response refused = project.api.anonymous().get("/v5/files?folder=/");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("request_id").asText()).matches(ID).isEqualTo(refused.header("X-Request-Id"));
        Api.Response noRoute = server.anonymous.get("/no/such/route");
        assertThat(noRoute.code()).isEqualTo("NOT_FOUND");
        assertThat(noRoute.json().path("request_id").asText()).isEqualTo(noRoute.header("X-Request-Id"));
    }

    @Test
    void aClientsOwnIdIsNotBelievedWithoutATrustedProxy() {
        Api.Response r = server.anonymous.get("/health", "X-Request-Id", "forged-by-client");
        assertThat(r.header("X-Request-Id")).matches(ID);
    }

    @Test
    @FreshServer
    @ServerSetting(key = Setting.TRUSTED_PROXIES, value = "127.0.0.1/32")
    void aTrustedProxysIdIsKeptWhenItLooksLikeAnId(TestServer proxied) {
        Api.Response r = proxied.anonymous.get("/no/such/route", "X-Request-Id", "lb-4f2a:17");
        assertThat(r.header("X-Request-Id")).isEqualTo("lb-4f2a:17");
        assertThat(r.json().path("request_id").asText()).isEqualTo("lb-4f2a:17");
        assertThat(proxied.anonymous.get("/health", "X-Request-Id", "two words").header("X-Request-Id")).as("no spaces: it goes into logs").matches(ID);
        assertThat(proxied.anonymous.get("/health", "X-Request-Id", "x".repeat(129)).header("X-Request-Id")).matches(ID);
    }
}
