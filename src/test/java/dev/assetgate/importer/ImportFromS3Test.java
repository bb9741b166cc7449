package dev.assetgate.importer;

import static dev.assetgate.importer.ImportSupport.args;
import static dev.assetgate.importer.ImportSupport.run;
import static dev.assetgate.importer.ImportSupport.state;
import static dev.assetgate.importer.ImportSupport.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.support.Cli;
import dev.assetgate.support.S3TestServer;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code assetgate import --from s3://bucket/prefix} from S3Proxy (embedded) into a real server. */
@WithServer
class ImportFromS3Test {
    private final S3TestServer s3 = S3TestServer.shared();
    private final String bucket = s3.newBucketName("import");

    @AfterEach
    void dropBucket() {
        s3.dropBucket(bucket);
    }

    private void put(S3Client client, String key, String content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    private String[] s3Args(TestProject project, Path journal, String... more) {
        List<String> all = new ArrayList<>(List.of(args(project, journal, "--from", "s3://" + bucket + "/library",
                "--s3-endpoint", s3.endpoint(), "--s3-access-key", S3TestServer.ACCESS_KEY, "--s3-secret-key", S3TestServer.SECRET_KEY,
                "--s3-path-style")));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void theObjectsUnderThePrefixArriveWithTheirSidecarsAndEmptyFolders(TestProject project, @TempDir Path tmp) throws Exception {
        try (S3Client client = s3.settings(bucket).newClient()) {
            client.createBucket(b -> b.bucket(bucket));
            put(client, "library/a.txt", "alpha");
            put(client, "library/docs/b.txt", "beta");
            put(client, "library/docs/b.txt.json", "{\"meta\": {\"title\": \"B\"}, \"tags\": [\"doc\"], \"labels\": [\"Legal\"]}");
            put(client, "library/empty/", "");
            put(client, "elsewhere/c.txt", "not under the prefix");
        }
        Path journal = tmp.resolve("journal");

        Cli.Run r = run(s3Args(project, journal, "--json", "--workers", "2"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(summary(r).path("uploaded").asInt()).isEqualTo(2);

        Map<String, String> state = state(project.api);
        assertThat(state.keySet()).containsExactly("/a.txt", "/docs/", "/docs/b.txt", "/empty/");
        assertThat(state.get("/a.txt")).contains("sha1=" + ImportSupport.sha1("alpha".getBytes()));
        assertThat(state.get("/docs/b.txt")).contains("meta={\"title\":\"B\"}").contains("tags={en=[doc]}").contains("labels=[Legal]");

        Cli.Run again = run(s3Args(project, journal, "--json"));
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(summary(again).path("skipped").asInt()).isEqualTo(2);
        assertThat(state(project.api)).isEqualTo(state);
    }

    @Test
    void aBucketThatDoesNotExistIsToldClearly(TestProject project, @TempDir Path tmp) {
        Cli.Run r = run(s3Args(project, tmp.resolve("j")));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("cannot list s3://" + bucket);
        assertThat(state(project.api)).isEmpty();
    }
}
