package dev.assetgate.visibility;

import static dev.assetgate.visibility.Items.actual;
import static dev.assetgate.visibility.Items.cdnPath;
import static dev.assetgate.visibility.Items.folder;
import static dev.assetgate.visibility.Items.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server-wide default ({@code default-visibility}, and the deprecated {@code cdn-public=false}) and its validation. */
class DefaultVisibilityTest {

    @Test
    void aNotPublicServerDefaultAppliesToProjectsWithoutTheirOwn() {
        try (TestServer server = TestServer.start(Map.of(Setting.DEFAULT_VISIBILITY, "not_public"))) {
            server.createProject("closed");
            server.createProject("opened");
            Api closed = server.allKey("closed").in("closed");
            Api opened = server.allKey("opened").in("opened");
            JsonNode c = upload(closed, "/d", "c.txt", "c");
            JsonNode o = upload(opened, "/d", "o.txt", "o");
            assertThat(c.path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("not_public");
            assertThat(folder(closed, "v4", "/").path("visibility").path("actual").asText()).isEqualTo("VISIBILITY_ORGANISATION");
            assertThat(server.anonymous.get(cdnPath(c)).status()).isEqualTo(404);

            Api root = server.companyKey();
            JsonNode before = root.get("/admin/v1/projects/opened").json().path("project");
            assertThat(before.path("default_visibility").asText()).isEqualTo("not_public");
            assertThat(before.path("default_visibility_source").asText()).isEqualTo("server");
            assertThat(root.patchJson("/admin/v1/projects/opened", "{\"default_visibility\":\"public\"}").status()).isEqualTo(200);
            assertThat(actual(opened, o.path("uuid").asText())).isEqualTo("public");
            assertThat(server.anonymous.get(cdnPath(o)).text()).isEqualTo("o");
            assertThat(server.anonymous.get(cdnPath(c)).status()).as("the other project keeps the server's default").isEqualTo(404);
        }
    }

    @Test
    void theDeprecatedCdnPublicFalseStillClosesTheCdn() {
        try (TestServer server = TestServer.start(Map.of(Setting.CDN_PUBLIC, "false", Setting.DEFAULT_VISIBILITY, "public"))) {
            server.createProject("old");
            Api api = server.allKey("old").in("old");
            JsonNode f = upload(api, "/d", "f.txt", "f");
            assertThat(f.path("visibility").path("in_cdn").path("actual").asText()).isEqualTo("not_public");
            assertThat(server.anonymous.get(cdnPath(f)).status()).isEqualTo(404);
            assertThat(server.companyKey().get("/admin/v1/projects/old").json().path("project").path("default_visibility").asText())
                    .isEqualTo("not_public");
        }
    }

    @Test
    void badValuesStopTheServerWithTheSettingNamed() {
        for (Map<Setting, String> bad : java.util.List.of(Map.of(Setting.DEFAULT_VISIBILITY, "private"),
                Map.of(Setting.DEFAULT_VISIBILITY, "PUBLIC"), Map.of(Setting.CDN_PUBLIC, "no"),
                Map.of(Setting.SIGNED_URL_MAX_SECONDS, "0"), Map.of(Setting.SIGNED_URL_MAX_SECONDS, "2592001"),
                Map.of(Setting.SIGNED_URL_MAX_SECONDS, "1h"))) {
            Setting named = bad.keySet().iterator().next();
            assertThatThrownBy(() -> AssetgateConfig.of(bad)).as(bad.toString()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(named.key).hasMessageContaining(named.env());
        }
        assertThat(AssetgateConfig.of(Map.of()).defaultVisibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(AssetgateConfig.of(Map.of(Setting.DEFAULT_VISIBILITY, "not_public")).defaultVisibility()).isEqualTo(Visibility.NOT_PUBLIC);
    }
}
