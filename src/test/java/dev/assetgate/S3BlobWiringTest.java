package dev.assetgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.support.Api;
import dev.assetgate.support.S3TestServer;
import dev.assetgate.support.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** blobs=s3 end to end: settings checked at start, and files stored, served and deleted through the bucket. */
class S3BlobWiringTest {

    @Test
    void eachMissingOrMalformedS3SettingStopsTheStartNamingIt() {
        assertRefused(Map.of(), "s3-access-key", "ASSETGATE_S3_ACCESS_KEY");
        assertRefused(Map.of(Setting.S3_ACCESS_KEY, "id"), "s3-secret-key", "ASSETGATE_S3_SECRET_KEY");
        Map<Setting, String> keys = Map.of(Setting.S3_ACCESS_KEY, "id", Setting.S3_SECRET_KEY, "secret");
        assertRefused(with(keys, Setting.S3_BUCKET, ""), "s3-bucket", "is required");
        assertRefused(with(keys, Setting.S3_BUCKET, "Not_A_Bucket"), "s3-bucket", "not a valid bucket name");
        assertRefused(with(keys, Setting.S3_REGION, ""), "s3-region", "is required");
        assertRefused(with(keys, Setting.S3_ENDPOINT, "ftp://127.0.0.1:9000"), "s3-endpoint", "http://");
        assertRefused(with(keys, Setting.S3_ENDPOINT, "not a url"), "s3-endpoint", "ASSETGATE_S3_ENDPOINT");
    }

    @Test
    void anUnreachableEndpointStopsTheStartWithAClearMessage() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.DATA_DIR, Files.createTempDirectory("assetgate-s3-down").toString());
        settings.put(Setting.BLOBS, "s3");
        settings.put(Setting.S3_ENDPOINT, "http://127.0.0.1:" + closedPort);
        settings.put(Setting.S3_ACCESS_KEY, "id");
        settings.put(Setting.S3_SECRET_KEY, "do-not-print-me");
        assertThatThrownBy(() -> Assetgate.open(AssetgateConfig.of(settings)).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blobs=s3").hasMessageContaining("127.0.0.1:" + closedPort).hasMessageContaining("s3-endpoint")
                .message().doesNotContain("do-not-print-me");
    }

    @Test
    void filesAreStoredServedAndDeletedThroughTheBucket() {
        try (TestServer server = TestServer.startWithS3Blobs(Map.of())) {
            assertThat(S3TestServer.shared().keys(server.bucket, "")).as("the bucket was created, empty").isEmpty();
            server.createProject("s3p");
            Api api = server.allKey("s3p").in("s3p");
            byte[] big = new byte[10 * 1024 * 1024 + 7]; // two parts
            new Random(5).nextBytes(big);

            Api.Response put = api.putBytes("/v4/files?folder=/big&filename=big.bin", big, "application/octet-stream");
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            JsonNode file = put.json().path("file");
            String uuid = file.path("uuid").asText();
            assertThat(file.path("size").path("bytes").asLong()).isEqualTo(big.length);
            assertThat(server.blobKeys("s3p/")).containsExactly("s3p/" + uuid.substring(uuid.length() - 2) + "/" + uuid);
            assertThat(server.unfinishedBlobWrites()).isEmpty();

            assertThat(api.get("/v4/get/" + uuid).bytes()).isEqualTo(big);
            Api.Response range = api.get("/v4/get/" + uuid, "Range", "bytes=8388600-8388615");
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.bytes()).isEqualTo(Arrays.copyOfRange(big, 8388600, 8388616));
            assertThat(api.get("/v4/get/" + uuid, "Range", "bytes=-5").bytes()).isEqualTo(Arrays.copyOfRange(big, big.length - 5, big.length));

            assertThat(api.delete("/v4/files/" + uuid).status()).isEqualTo(200);
            assertThat(server.blobStoreContents()).as("the delete removed the object").isEmpty();
        }
    }

    private static void assertRefused(Map<Setting, String> s3Settings, String... messageParts) {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.BLOBS, "s3");
        settings.putAll(s3Settings);
        assertThatThrownBy(() -> AssetgateConfig.of(settings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(messageParts);
    }

    private static Map<Setting, String> with(Map<Setting, String> base, Setting setting, String value) {
        Map<Setting, String> all = new EnumMap<>(base);
        all.put(setting, value);
        return all;
    }
}
