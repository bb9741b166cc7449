package dev.assetgate.sharing;

import static dev.assetgate.sharing.ShareFixtures.assertError;
import static dev.assetgate.sharing.ShareFixtures.body;
import static dev.assetgate.sharing.ShareFixtures.create;
import static dev.assetgate.sharing.ShareFixtures.files;
import static dev.assetgate.sharing.ShareFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestRedis;
import dev.assetgate.support.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** counters=redis with Redis unreachable: password checks cannot be counted, so they are refused (503), never let through. */
class SharePasswordsFailClosedTest {

    @Test
    void passwordChecksAreRefusedWhileTheCountersAreDownAndOpenSharesStillRead() throws Exception {
        try (TestServer server = TestServer.start(Map.of(Setting.COUNTERS, "redis", Setting.REDIS_URL, TestRedis.unreachableUrl()))) {
            server.createProject("down");
            Api admin = server.allKey("down").in("down");
            String a = upload(admin, "/", "a.txt", "alpha");
            String locked = create(admin, body("locked", List.of(files(a)), "\"password\":\"correct horse\"")).path("puid").asText();
            String open = create(admin, body("open", List.of(files(a)))).path("puid").asText();
            Api anonymous = server.anonymous.in("down");

            Api.Response refused = anonymous.get("/v4/share/" + locked, "X-Share-Password", "correct horse");
            assertError(refused, 503, "SERVICE_UNAVAILABLE");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.text()).doesNotContain("a.txt");
            assertError(anonymous.get("/v4/share/" + locked), 401, "SHARE_PASSWORD_REQUIRED");
            Api.Response page = ShareFixtures.send(server.baseUrl() + "/down/s/" + locked, "POST", "application/x-www-form-urlencoded",
                    "password=correct+horse");
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.text()).contains("cannot be opened right now").doesNotContain("a.txt");
            assertThat(page.header("Set-Cookie")).isNull();
            assertThat(anonymous.get("/v4/share/" + open).status()).isEqualTo(200);
            assertThat(anonymous.get("/v4/share/" + open + "/files/" + a).text()).isEqualTo("alpha");
        }
    }
}
