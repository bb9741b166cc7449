package dev.assetgate.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.Assetgate;
import dev.assetgate.access.NewKey;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.ServerProcess;
import dev.assetgate.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL catalog, both running the webhook worker every 50 ms: changes made
 * through either node reach the receiver, each event exactly once (the claim skips rows the other
 * node holds), and the events of one file in order.
 */
@Tag("cluster")
class WebhooksTwoNodeTest {

    @Test
    void twoNodesDeliverEachEventOnceAndAFilesEventsInOrder() throws Exception {
        TestPostgres.assumeAvailable();
        String schema = TestPostgres.createSchema();
        ServerProcess a = null;
        ServerProcess b = null;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<Setting, String> settings = new EnumMap<>(Setting.class);
            settings.put(Setting.CATALOG, "postgres");
            settings.put(Setting.POSTGRES_URL, TestPostgres.url(schema));
            settings.put(Setting.POSTGRES_USER, TestPostgres.USER);
            settings.put(Setting.SECRET, "webhook-cluster-secret-" + UUID.randomUUID());
            settings.put(Setting.WEBHOOK_ALLOW, "127.0.0.1/32");
            settings.put(Setting.WEBHOOK_POLL_MILLIS, "50");
            Map<Setting, String> setup = new EnumMap<>(settings);
            setup.put(Setting.DATA_DIR, Files.createTempDirectory("assetgate-webhook-setup").toString());
            String key;
            try (Assetgate operator = Assetgate.open(AssetgateConfig.of(setup))) {
                operator.projects.create("shop", "shop", operator.projects.defaultCompany().id()).orElseThrow();
                key = operator.keys.create(new NewKey("admin", PermissionSet.allPermissions(), false, new LinkedHashSet<>(List.of("shop")), null),
                        operator.projects.defaultCompany().id(), Optional.empty()).secret();
            }
            Map<String, String> env = new HashMap<>();
            settings.forEach((setting, value) -> env.put(setting.env(), value));
            a = ServerProcess.start(Files.createTempDirectory("assetgate-webhook-a"), env);
            b = ServerProcess.start(Files.createTempDirectory("assetgate-webhook-b"), env);
            Api adminA = new Api(a.baseUrl(), key);
            assertThat(adminA.postJson("/admin/v1/projects/shop/webhooks", "{\"url\":\"" + receiver.url("/hook") + "\",\"events\":[\"file\"]}")
                    .status()).isEqualTo(201);

            int files = 20;
            for (int i = 0; i < files; i++) {
                Api node = new Api((i % 2 == 0 ? a : b).baseUrl(), key).in("shop");
                Api other = new Api((i % 2 == 0 ? b : a).baseUrl(), key).in("shop");
                Api.Response up = node.upload("/n", "f" + i + ".txt", "x");
                assertThat(up.status()).as(up.toString()).isEqualTo(200);
                String uuid = up.json().path("file").path("uuid").asText();
                assertThat(other.patchJson("/v4/files/" + uuid, "{\"name\":\"g" + i + ".txt\"}").status()).isEqualTo(200);
            }
            List<WebhookReceiver.Received> got = receiver.await("every file's two events", r -> r.size() >= 2 * files);
            Thread.sleep(1_000); // a second delivery of anything would arrive by now
            got = receiver.received();
            Map<String, Long> perEvent = got.stream().collect(Collectors.groupingBy(WebhookReceiver.Received::eventId, Collectors.counting()));
            assertThat(perEvent).as("each event delivered once").hasSize(2 * files).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            Map<String, List<String>> kindsPerFile = got.stream().collect(Collectors.groupingBy(r -> r.json().path("item").path("uuid").asText(),
                    Collectors.mapping(WebhookReceiver.Received::eventHeader, Collectors.toList())));
            assertThat(kindsPerFile).hasSize(files).allSatisfy((file, kinds) -> assertThat(kinds).containsExactly("file.created", "file.renamed"));
        } finally {
            if (a != null) a.close();
            if (b != null) b.close();
            TestPostgres.dropSchema(schema);
        }
    }
}
