package dev.assetgate.cli;

import dev.assetgate.error.ApiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.assetgate.events.Actor;

/** Entry point: {@code assetgate serve | init | project ... | key ... | template ... | images ... | import ...}. */
@Command(name = "assetgate", mixinStandardHelpOptions = true, version = "assetgate 0.1.0",
        description = "Self-hosted DAM API server speaking the Filerobot / Scaleflex DAM API.",
        subcommands = {ServeCommand.class, InitCommand.class, ProjectCommand.class, KeyCommand.class, TemplateCommand.class,
                ImagesCommand.class, ImportCommand.class})
public final class AssetgateCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 refused input, 2 usage error. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new AssetgateCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ApiException api) {
                cmd.getErr().println("error: " + api.getMessage() + (api.hint == null ? "" : " (" + api.hint + ")"));
                return 1;
            }
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        try (Actor.Scope acting = Actor.acting(() -> Actor.CLI)) {
            return cli.execute(args); // a command's changes are recorded as the command line's (serve's requests bind their own)
        }
    }
}
