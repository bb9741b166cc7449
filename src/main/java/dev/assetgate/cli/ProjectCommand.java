package dev.assetgate.cli;

import dev.assetgate.Assetgate;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.Project;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "project", mixinStandardHelpOptions = true, description = "Create and list projects.",
        subcommands = {ProjectCommand.Create.class, ProjectCommand.List.class})
final class ProjectCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a project (prints its token on the last line).")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "TOKEN", description = "Project token: lowercase letters, digits and dashes.")
        String token;

        @Option(names = "--name", description = "Display name (default: the token).")
        String name;

        @Override
        public Integer call() {
            try (Assetgate app = options.openExisting()) {
                String valid = Project.requireValidToken(token);
                Project p = app.projects.create(valid, name == null ? valid : name, app.projects.defaultCompany().id())
                        .orElseThrow(() -> ApiError.PROJECT_EXISTS.with("project '" + valid + "' already exists"));
                CliAudit.action(app, "project.created", p.token()).detail("name", p.name()).record();
                System.out.println("created project " + p.token() + " (uuid " + p.uuid() + ")");
                System.out.println(p.token());
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List projects.")
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            try (Assetgate app = options.openExisting()) {
                for (Project p : app.projects.list(app.projects.defaultCompany().id())) {
                    System.out.println(p.token() + "\t" + p.name() + "\t" + p.createdAt());
                }
                return 0;
            }
        }
    }
}
