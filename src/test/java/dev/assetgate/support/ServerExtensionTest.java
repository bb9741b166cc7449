package dev.assetgate.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.Setting;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The harness itself: who owns which server, what the parameters are, the clock, the raw client. */
@WithServer
@ServerSetting(key = Setting.MAX_JSON_BYTES, value = "2048")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerExtensionTest {
    static final String BIG_JSON = "{" + " ".repeat(3000) + "\"name\":\"/big\"}";
    static TestServer classServer;
    static TestServer freshServer;

    @BeforeAll
    static void start(TestServer started) {
        classServer = started;
    }

    @Test
    @Order(1)
    void testsShareTheClassServerWithItsSettings(TestServer server) {
        assertThat(server).isSameAs(classServer);
        TestProject p = TestProject.create(server);
        assertThat(p.api.postJson("/v5/folders", BIG_JSON).code()).isEqualTo("FILE_TOO_BIG");
    }

    @Test
    @Order(2)
    @FreshServer
    @ServerSetting(key = Setting.MAX_UPLOAD_BYTES, value = "10")
    void aFreshServerIsThisTestsOwnWithTheClassAndMethodSettings(TestServer server, TestClock clock, TestProject project) {
        freshServer = server;
        assertThat(server).isNotSameAs(classServer);
        assertThat(clock).isSameAs(server.clock);
        assertThat(project.server).isSameAs(server);
        assertThat(project.api.upload("/", "big.txt", "more than ten bytes").status()).isEqualTo(413);
        assertThat(project.api.postJson("/v5/folders", BIG_JSON).status()).isEqualTo(413);
    }

    @Test
    @Order(3)
    void theFreshServerIsClosedAfterItsTest() {
        assertThat(freshServer).isNotNull();
        assertThatThrownBy(() -> freshServer.anonymous.get("/health")).isInstanceOf(UncheckedIOException.class);
        assertThat(classServer.anonymous.get("/health").status()).isEqualTo(200);
    }

    @Test
    void eachProjectParameterIsANewProject(TestProject one, TestProject two) {
        assertThat(one.token).isNotEqualTo(two.token);
        assertThat(one.api.upload("/", "a.txt", "a").status()).isEqualTo(200);
        assertThat(two.api.get("/v5/files?folder=/").json().path("files")).isEmpty();
        assertThat(one.admin.in(two.token).get("/v5/files").status()).isEqualTo(403);
    }

    @Test
    void theProjectMintsSassKeysFromItsTemplates(TestProject project) {
        assertThat(project.template("{\"permissions\":[\"OBJECTS_LIST\"]}")).startsWith("SECU_");
        Api sass = project.sass("{\"permissions\":[\"OBJECTS_LIST\"]}");
        assertThat(sass.key).startsWith("SASS__");
        assertThat(sass.get("/v5/files").status()).isEqualTo(200);
        assertThat(sass.upload("/", "no.txt", "no").status()).isEqualTo(403);
    }

    @Test
    @FreshServer
    void advancingTheClockExpiresAKeyWithoutWaiting(TestServer server, TestClock clock) {
        server.createProject("clock");
        Api key = server.key(false, List.of("clock"), PermissionSet.allPermissions(), clock.instant().plus(Duration.ofHours(1)));
        assertThat(key.in("clock").get("/v5/files").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(61));
        assertThat(key.in("clock").get("/v5/files").code()).isEqualTo("KEY_EXPIRED");
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawHttpSendsBytesTheJdkClientRefusesAndParsesTheAnswer() {
        Api.Response r = RawHttp.exchange(classServer.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/json");
        Api.Response refused = RawHttp.exchange(classServer.port(),
                "GET /x/v5/files HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Filerobot-Key: k\u00e9y\r\n\r\n");
        assertThat(refused.code()).isEqualTo("UNAUTHORIZED");
    }

    @Nested
    class Inner {
        @Test
        void aNestedClassSharesItsOuterServer(TestServer server) {
            assertThat(server).isSameAs(classServer);
        }
    }

    @Nested
    @WithServer
    class InnerWithItsOwn {
        @Test
        void aNestedClassWithServerHasItsOwn(TestServer server) {
            assertThat(server).isNotSameAs(classServer);
            TestProject p = TestProject.create(server);
            assertThat(p.api.postJson("/v5/folders", BIG_JSON).status())
                    .as("the outer class's settings are not inherited").isEqualTo(200);
        }
    }
}
