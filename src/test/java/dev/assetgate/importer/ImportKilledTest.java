package dev.assetgate.importer;

import static dev.assetgate.importer.ImportSupport.args;
import static dev.assetgate.importer.ImportSupport.run;
import static dev.assetgate.importer.ImportSupport.state;
import static dev.assetgate.importer.ImportSupport.summary;
import static dev.assetgate.importer.ImportSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.cli.AssetgateCli;
import dev.assetgate.support.Cli;
import dev.assetgate.support.TestProject;
import dev.assetgate.support.TestServer;
import dev.assetgate.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer as a process of its own, killed (SIGKILL) half-way, then run again: the project ends
 * identical to one imported without interruption, with no file, tag or label twice.
 */
@WithServer
@Tag("slow")
class ImportKilledTest {
    private static final int FILES = 300;
    static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    private static Path library(Path dir) throws Exception {
        for (int i = 0; i < FILES; i++) {
            Path file = dir.resolve("d" + (i % 7) + "/f" + i + ".txt");
            write(file, ("file " + i + " ").repeat(100));
            if (i % 10 == 0) {
                write(dir.resolve("d" + (i % 7) + "/f" + i + ".txt.json"),
                        "{\"meta\": {\"n\": " + i + "}, \"tags\": [\"t" + (i % 3) + "\"], \"labels\": [\"L" + (i / 10 % 2) + "\"]}");
            }
        }
        Files.createDirectories(dir.resolve("empty"));
        return dir;
    }

    @Test
    void aRunKilledHalfWayAndStartedAgainEndsIdenticalToAnUninterruptedOne(TestProject killed, @TempDir Path tmp) throws Exception {
        Path dir = library(tmp.resolve("lib"));
        Path journal = tmp.resolve("journal");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AssetgateCli.class.getName(), "import"));
        command.addAll(List.of(args(killed, journal, "--from", dir.toString(), "--quiet", "--workers", "2")));
        Path log = tmp.resolve("import.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long done = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (done < FILES / 5 && System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the import ended before it could be killed: " + Files.readString(log)).isTrue();
            Thread.sleep(5);
            done = doneLines(journal);
        }
        process.destroyForcibly().waitFor();
        done = doneLines(journal);
        assertThat(done).as("files journaled when killed").isBetween((long) FILES / 5, (long) FILES - 1);

        Cli.Run resumed = run(args(killed, journal, "--from", dir.toString(), "--json"));
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        JsonNode summary = summary(resumed);
        assertThat(summary.path("skipped").asLong()).isGreaterThanOrEqualTo(done);
        assertThat(summary.path("uploaded").asLong() + summary.path("completed").asLong() + summary.path("skipped").asLong()).isEqualTo(FILES);

        TestProject uninterrupted = TestProject.create(server);
        Cli.Run once = run(args(uninterrupted, tmp.resolve("journal-once"), "--from", dir.toString(), "--quiet"));
        assertThat(once.exit()).as(once.out() + once.err()).isZero();

        Map<String, String> expected = state(uninterrupted.api);
        assertThat(expected.keySet().stream().filter(p -> !p.endsWith("/"))).hasSize(FILES);
        assertThat(state(killed.api)).isEqualTo(expected); // state() fails on two files at one path
        assertThat(killed.api.get("/v4/labels").json().path("labels")).hasSize(2);
    }

    private static long doneLines(Path journal) throws Exception {
        if (!Files.exists(journal)) return 0;
        return Files.readAllLines(journal).stream().filter(l -> l.contains("\"state\":\"done\"")).count();
    }
}
