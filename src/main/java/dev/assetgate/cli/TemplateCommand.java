package dev.assetgate.cli;

import dev.assetgate.Assetgate;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.error.ApiError;
import dev.assetgate.http.Json;
import dev.assetgate.http.TemplateRoutes;
import dev.assetgate.templates.SecurityTemplate;
import dev.assetgate.templates.TemplateSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Security Templates at the command line (the operator holds every permission). */
@Command(name = "template", mixinStandardHelpOptions = true,
        description = "Create, list, deactivate and delete Security Templates, and revoke their keys.",
        subcommands = {TemplateCommand.Create.class, TemplateCommand.List.class, TemplateCommand.Deactivate.class,
                TemplateCommand.Activate.class, TemplateCommand.RevokeKeys.class, TemplateCommand.Delete.class})
final class TemplateCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a template from a JSON file (prints its id on the last line).")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--project", required = true, description = "Project token.")
        String project;

        @Option(names = "--file", required = true, description = "Template JSON (its fields: see docs/security.md).")
        Path file;

        @Override
        public Integer call() throws IOException {
            byte[] body = Files.readAllBytes(file);
            try (Assetgate app = options.openExisting()) {
                app.projects.find(project).orElseThrow(() -> ApiError.PROJECT_NOT_FOUND.with("no project '" + project + "'"));
                TemplateSpec spec = TemplateSpec.parse(Json.parseInput(body, file.toString()));
                SecurityTemplate t = app.templates.create(project, spec, PermissionSet.allPermissions(), "cli", false);
                CliAudit.action(app, "template.created", project).template(t.id()).record();
                System.out.println("created security template for project " + project + ":");
                System.out.println(t.id());
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a project's templates (one JSON object per line).")
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--project", required = true, description = "Project token.")
        String project;

        @Override
        public Integer call() {
            try (Assetgate app = options.openExisting()) {
                app.templates.list(project).forEach(t -> System.out.println(Json.write(TemplateRoutes.json(t))));
                return 0;
            }
        }
    }

    abstract static class OnTemplate implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "ID", description = "Template id (SECU_...).")
        String id;

        @Override
        public Integer call() {
            try (Assetgate app = options.openExisting()) {
                System.out.println(apply(app, app.templates.get(id)));
                return 0;
            }
        }

        abstract String apply(Assetgate app, SecurityTemplate t);
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Deactivate a template: its keys stop working.")
    static final class Deactivate extends OnTemplate {
        @Override
        String apply(Assetgate app, SecurityTemplate t) {
            app.templates.update(t.project(), t.id(), t.spec().withActive(false), PermissionSet.allPermissions());
            CliAudit.action(app, "template.updated", t.project()).template(t.id()).detail("active", false).record();
            return "deactivated " + t.id();
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Re-activate a template (keys minted before stay revoked).")
    static final class Activate extends OnTemplate {
        @Override
        String apply(Assetgate app, SecurityTemplate t) {
            app.templates.update(t.project(), t.id(), t.spec().withActive(true), PermissionSet.allPermissions());
            CliAudit.action(app, "template.updated", t.project()).template(t.id()).detail("active", true).record();
            return "activated " + t.id();
        }
    }

    @Command(name = "revoke-keys", mixinStandardHelpOptions = true,
            description = "Revoke every key minted from a template so far; it keeps minting new ones.")
    static final class RevokeKeys extends OnTemplate {
        @Override
        String apply(Assetgate app, SecurityTemplate t) {
            SecurityTemplate updated = app.templates.revokeAllKeys(t.project(), t.id());
            CliAudit.action(app, "template.keys_revoked", t.project()).template(t.id()).detail("version", updated.version()).record();
            return "revoked every key of " + t.id();
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a template: its keys stop working.")
    static final class Delete extends OnTemplate {
        @Override
        String apply(Assetgate app, SecurityTemplate t) {
            app.templates.delete(t.project(), t.id());
            CliAudit.action(app, "template.deleted", t.project()).template(t.id()).record();
            return "deleted " + t.id();
        }
    }
}
