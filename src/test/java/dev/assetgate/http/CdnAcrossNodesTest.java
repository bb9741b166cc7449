package dev.assetgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.support.Api;
import dev.assetgate.support.Propagation;
import dev.assetgate.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one catalog and one blob store: what node B holds in memory for url.cdn
 * (assets/DeliveryCache) follows a change made on node A within about a second — no feed involved,
 * B reads the catalog again once its entry is a second old. How long each took is recorded
 * (support/Propagation); node A itself answers the change on its very next request.
 */
@Tag("cluster")
class CdnAcrossNodesTest {
    private static final String TOKEN = "cdn-duo";
    private static final String PATH = "/" + TOKEN + "/cdn/pub/a.txt";
    private TestServer nodeA;
    private TestServer nodeB;
    private Api api;
    private String uuid;

    @BeforeEach
    void twoNodes() {
        nodeA = TestServer.start();
        nodeB = TestServer.nextTo(nodeA);
        nodeA.createProject(TOKEN);
        api = nodeA.allKey(TOKEN).in(TOKEN);
        Api.Response up = api.upload("/pub", "a.txt", "alpha");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        uuid = up.json().path("file").path("uuid").asText();
        for (int i = 0; i < 3; i++) assertThat(nodeB.anonymous.get(PATH).text()).isEqualTo("alpha"); // held on B
    }

    @AfterEach
    void stop() {
        nodeB.closeKeepingData();
        nodeA.close();
    }

    @Test
    void aFileMadePrivateOnOneNodeIsRefusedOnTheOtherWithinASecond() {
        visibility("not_public");
        assertThat(nodeA.anonymous.get(PATH).status()).as("on the node that made the change: at once").isEqualTo(404);
        awaitOnB("a file made private on node A, refused on node B", 404, null);

        visibility("public");
        awaitOnB("the file public again on node A, served on node B", 200, "alpha");
    }

    @Test
    void aFileReplacedOrDeletedOnOneNodeChangesOnTheOtherWithinASecond() {
        Api.Response replaced = api.multipart("/v4/files?folder=/pub&opt_force_name=1",
                new Api.Multipart().file("files[]", "a.txt", "text/plain", "omega".getBytes(StandardCharsets.UTF_8)));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(nodeA.anonymous.get(PATH).text()).isEqualTo("omega");
        awaitOnB("a file replaced on node A, its new bytes on node B", 200, "omega");

        assertThat(api.delete("/v4/files/" + uuid).status()).isEqualTo(200);
        assertThat(nodeA.anonymous.get(PATH).status()).isEqualTo(404);
        awaitOnB("a file deleted on node A, gone on node B", 404, null);
    }

    private void visibility(String value) {
        Api.Response r = api.putJson("/v5/objects/visibility/cdn", "{\"files_uuids\":[\"" + uuid + "\"],\"visibility\":\"" + value + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private void awaitOnB(String what, int status, String body) {
        Duration took = Propagation.await(what, () -> {
            Api.Response r = nodeB.anonymous.get(PATH);
            return r.status() == status && (body == null || r.text().equals(body));
        });
        // a second by design; a loaded machine adds its own delays, a missing revalidation would never arrive
        assertThat(took).as(what).isLessThan(Duration.ofSeconds(5));
    }
}
