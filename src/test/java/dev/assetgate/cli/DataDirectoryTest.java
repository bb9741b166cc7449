package dev.assetgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetgate.support.Cli;
import dev.assetgate.support.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Only serve and init create a data directory: any other command run where there is none (a
 * terminal in another folder) is refused, says where it looked and how to point elsewhere, and
 * creates nothing, instead of starting an empty catalog with a secret of its own.
 */
class DataDirectoryTest {

    @Test
    void aCommandRunWhereThereIsNoDataDirectoryIsRefusedSayingWhereItLookedAndCreatesNothing() throws Exception {
        Path elsewhere = Files.createTempDirectory("assetgate-elsewhere").toRealPath();
        for (String[] command : new String[][] {{"project", "list"},
                {"key", "create", "--company", "--permissions", "all", "--description", "d"}}) {
            Run run = Cli.process(elsewhere, Map.of(), command);
            assertThat(run.exit()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(run.err()).as(String.join(" ", command))
                    .contains("no data directory at " + elsewhere.resolve("data"))
                    .contains("relative to the current folder")
                    .contains("--data-dir").contains("ASSETGATE_DATA_DIR").contains("./assetgate init")
                    .doesNotContain("Exception");
        }
        try (var left = Files.list(elsewhere)) {
            assertThat(left).as("nothing created").isEmpty();
        }

        Path missing = elsewhere.resolve("typo");
        Run byEnvironment = Cli.process(elsewhere, Map.of("ASSETGATE_DATA_DIR", missing.toString()), "project", "list");
        assertThat(byEnvironment.exit()).isEqualTo(1);
        assertThat(byEnvironment.err()).contains("no data directory at " + missing).doesNotContain("relative to");
        assertThat(missing).doesNotExist();
    }

    @Test
    void initCreatesTheDataDirectoryOnceAndTheOtherCommandsThenWorkOnIt() throws Exception {
        Path folder = Files.createTempDirectory("assetgate-init").toRealPath();
        Run init = Cli.process(folder, Map.of(), "init");
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("created data directory " + folder.resolve("data"));
        assertThat(folder.resolve("data/catalog.db")).exists();
        String secret = Files.readString(folder.resolve("data/secret.key"));

        Run again = Cli.process(folder, Map.of(), "init");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("data directory ready (it existed)");
        assertThat(Files.readString(folder.resolve("data/secret.key"))).as("the secret is kept").isEqualTo(secret);

        Run create = Cli.process(folder, Map.of(), "project", "create", "demo");
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(create.lastLine()).isEqualTo("demo");
    }
}
