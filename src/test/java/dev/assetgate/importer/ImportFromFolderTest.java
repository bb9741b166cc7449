package dev.assetgate.importer;

import static dev.assetgate.importer.ImportSupport.args;
import static dev.assetgate.importer.ImportSupport.run;
import static dev.assetgate.importer.ImportSupport.state;
import static dev.assetgate.importer.ImportSupport.summary;
import static dev.assetgate.importer.ImportSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.http.Json;
import dev.assetgate.support.Cli;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assetgate import --from DIR} against a real server: the tree, sidecars, a second run, a dry run, bad input. */
@WithServer
class ImportFromFolderTest {
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    /** a.txt, photos/b.jpg (+ sidecar), photos/raw/c.bin (300 KB of random bytes), an empty folder, a lone data.json. */
    static Path library(Path dir) throws Exception {
        write(dir.resolve("a.txt"), "alpha");
        write(dir.resolve("photos/b.jpg"), "not really a jpeg");
        write(dir.resolve("photos/b.jpg.json"), """
                {"meta": {"title": "Sunset", "credits": "Ana"}, "tags": {"en": ["beach", "sunset"], "fr": ["plage"]},
                 "labels": ["Approved", "Campaign"], "visibility": "public"}""");
        byte[] random = new byte[300 * 1024];
        new Random(7).nextBytes(random);
        Files.createDirectories(dir.resolve("photos/raw"));
        Files.write(dir.resolve("photos/raw/c.bin"), random);
        Files.createDirectories(dir.resolve("empty/deeper"));
        write(dir.resolve("data.json"), "{\"a\": 1}");
        return dir;
    }

    @Test
    void aFolderTreeArrivesWithItsSidecarsAndASecondRunSkipsEverything(TestProject project, @TempDir Path tmp) throws Exception {
        Path dir = library(tmp.resolve("lib"));
        Path journal = tmp.resolve("journal");

        Cli.Run first = run(args(project, journal, "--from", dir.toString(), "--json", "--workers", "3"));
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        JsonNode summary = summary(first);
        assertThat(summary.path("uploaded").asInt()).isEqualTo(4);
        assertThat(summary.path("failed").asInt()).isZero();
        assertThat(summary.path("bytes_uploaded").asLong()).isEqualTo(5 + 17 + 300 * 1024 + 8);

        Map<String, String> state = state(project.api);
        assertThat(state.keySet()).containsExactly("/a.txt", "/data.json", "/empty/", "/empty/deeper/", "/photos/", "/photos/b.jpg",
                "/photos/raw/", "/photos/raw/c.bin");
        assertThat(state.get("/a.txt")).contains("sha1=" + ImportSupport.sha1("alpha".getBytes()));
        assertThat(state.get("/photos/raw/c.bin")).contains("sha1=" + ImportSupport.sha1(Files.readAllBytes(dir.resolve("photos/raw/c.bin"))));
        assertThat(state.get("/photos/b.jpg"))
                .contains("meta={\"title\":\"Sunset\",\"credits\":\"Ana\"}")
                .contains("tags={en=[beach, sunset], fr=[plage]}")
                .contains("labels=[Approved, Campaign]")
                .contains("visibility=VISIBILITY_PUBLIC");

        Cli.Run second = run(args(project, journal, "--from", dir.toString(), "--json"));
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(summary(second).path("skipped").asInt()).isEqualTo(4);
        assertThat(summary(second).path("uploaded").asInt()).isZero();
        assertThat(summary(second).path("folders_created").asInt()).isZero();
        assertThat(state(project.api)).isEqualTo(state);
    }

    @Test
    void withoutItsJournalARunStillSkipsWhatTheServerHasWithTheSameSha1(TestProject project, @TempDir Path tmp) throws Exception {
        Path dir = library(tmp.resolve("lib"));
        assertThat(run(args(project, tmp.resolve("one"), "--from", dir.toString(), "--quiet")).exit()).isZero();
        Map<String, String> state = state(project.api);

        Cli.Run again = run(args(project, tmp.resolve("another"), "--from", dir.toString(), "--json"));
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(summary(again).path("uploaded").asInt()).isZero();
        assertThat(summary(again).path("completed").asInt()).isEqualTo(1); // b.jpg's attributes applied again, the same
        assertThat(summary(again).path("skipped").asInt()).isEqualTo(3);
        assertThat(state(project.api)).isEqualTo(state);
    }

    @Test
    void aDifferentFileAtTheSamePathIsAConflictAndStaysAsItWas(TestProject project, @TempDir Path tmp) throws Exception {
        assertThat(project.api.upload("/", "a.txt", "the server's own").status()).isEqualTo(200);
        write(tmp.resolve("lib/a.txt"), "alpha");
        write(tmp.resolve("lib/b.txt"), "beta");
        Path failures = tmp.resolve("failures.json");

        Cli.Run r = run(args(project, tmp.resolve("j"), "--from", tmp.resolve("lib").toString(), "--quiet", "--failures", failures.toString()));
        assertThat(r.exit()).isEqualTo(1);
        JsonNode listed = Json.MAPPER.readTree(Files.readString(failures)).path("failures");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("path").asText()).isEqualTo("/a.txt");
        assertThat(listed.get(0).path("reason").asText()).startsWith("CONFLICT: another file is at this path");
        assertThat(state(project.api).get("/a.txt")).contains("sha1=" + ImportSupport.sha1("the server's own".getBytes()));
        assertThat(state(project.api)).containsKey("/b.txt");
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndChangesNothing(TestProject project, @TempDir Path tmp) throws Exception {
        Path dir = library(tmp.resolve("lib"));
        Path journal = tmp.resolve("journal");
        Cli.Run r = run(args(project, journal, "--from", dir.toString(), "--dry-run", "--json"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(summary(r).path("dry_run").asBoolean()).isTrue();
        assertThat(summary(r).path("uploaded").asInt()).isEqualTo(4);
        assertThat(summary(r).path("folders_created").asInt()).isEqualTo(4);
        assertThat(state(project.api)).isEmpty();
        assertThat(journal).doesNotExist();
    }

    @Test
    void intoAFolderOfTheTarget(TestProject project, @TempDir Path tmp) throws Exception {
        write(tmp.resolve("lib/x/y.txt"), "why");
        Cli.Run r = run(args(project, tmp.resolve("j"), "--from", tmp.resolve("lib").toString(), "--to", "/imported/2026", "--quiet"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(state(project.api)).containsKey("/imported/2026/x/y.txt").containsKey("/imported/2026/x/");
    }

    @Test
    void anUnreadableFileAndABrokenSidecarFailWithReasonsAndTheRestArrives(TestProject project, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("lib");
        write(dir.resolve("good.txt"), "good");
        Files.createSymbolicLink(dir.resolve("gone.txt"), dir.resolve("nowhere.txt")); // root reads any file: a link to nothing cannot be read
        write(dir.resolve("tagged.txt"), "tagged");
        write(dir.resolve("tagged.txt.json"), "{\"tags\": [\"a\"], \"colour\": \"red\"}");
        Path failures = tmp.resolve("failures.json");

        Cli.Run r = run(args(project, tmp.resolve("j"), "--from", dir.toString(), "--failures", failures.toString()));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("uploaded 1 file(s)").contains("failed 2");
        assertThat(r.err()).contains("failed: /gone.txt: cannot read").contains("failed: /tagged.txt: sidecar");
        JsonNode listed = Json.MAPPER.readTree(Files.readString(failures)).path("failures");
        assertThat(listed.findValuesAsText("path")).containsExactlyInAnyOrder("/gone.txt", "/tagged.txt");
        assertThat(listed.toString()).contains("unknown member 'colour'");
        assertThat(state(project.api).keySet()).containsExactly("/good.txt");

        // fixed and run again: what failed is tried again, what arrived is skipped
        Files.delete(dir.resolve("gone.txt"));
        write(dir.resolve("tagged.txt.json"), "{\"tags\": [\"a\"]}");
        Cli.Run again = run(args(project, tmp.resolve("j"), "--from", dir.toString(), "--json"));
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(summary(again).path("uploaded").asInt()).isEqualTo(1);
        assertThat(summary(again).path("skipped").asInt()).isEqualTo(1);
        assertThat(state(project.api).get("/tagged.txt")).contains("tags={en=[a]}");
    }

    @Test
    void anUnknownServerAWrongKeyAndAnUnknownProjectAreToldClearly(TestProject project, @TempDir Path tmp) throws Exception {
        write(tmp.resolve("lib/a.txt"), "alpha");
        String from = tmp.resolve("lib").toString();

        Cli.Run unreachable = run("--server", "http://127.0.0.1:1", "--token", project.token, "--key", project.admin.key,
                "--journal", tmp.resolve("j1").toString(), "--from", from);
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("error: cannot reach http://127.0.0.1:1/" + project.token);

        Cli.Run wrongKey = run("--server", server.baseUrl(), "--token", project.token, "--key", "not-a-key",
                "--journal", tmp.resolve("j2").toString(), "--from", from);
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("error: the key was refused by").contains("UNAUTHORIZED");
        assertThat(wrongKey.err()).doesNotContain("not-a-key");

        Cli.Run otherProject = run("--server", server.baseUrl(), "--token", "nosuchproject", "--key", project.admin.key,
                "--journal", tmp.resolve("j3").toString(), "--from", from);
        assertThat(otherProject.exit()).isEqualTo(1);
        assertThat(otherProject.err()).startsWith("error: ");

        Cli.Run noFolder = run(args(project, tmp.resolve("j4"), "--from", tmp.resolve("missing").toString()));
        assertThat(noFolder.exit()).isEqualTo(1);
        assertThat(noFolder.err()).contains("is not a readable folder");

        Cli.Run noKey = run("--server", server.baseUrl(), "--token", project.token, "--from", from, "--journal", tmp.resolve("j5").toString());
        assertThat(noKey.exit()).isEqualTo(1);
        assertThat(noKey.err()).contains("missing --key");

        assertThat(state(project.api)).isEmpty();
    }

    @Test
    void aJournalOfAnotherImportIsRefused(TestProject project, @TempDir Path tmp) throws Exception {
        write(tmp.resolve("one/a.txt"), "alpha");
        write(tmp.resolve("two/b.txt"), "beta");
        Path journal = tmp.resolve("journal");
        assertThat(run(args(project, journal, "--from", tmp.resolve("one").toString(), "--quiet")).exit()).isZero();
        Cli.Run other = run(args(project, journal, "--from", tmp.resolve("two").toString(), "--quiet"));
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).contains("belongs to another import");
        assertThat(state(project.api).keySet()).containsExactly("/a.txt");
    }
}
