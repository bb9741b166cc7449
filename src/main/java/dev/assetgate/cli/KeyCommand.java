package dev.assetgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.Assetgate;
import dev.assetgate.access.CreatedKey;
import dev.assetgate.access.NewKey;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.error.ApiError;
import dev.assetgate.http.AdminRoutes;
import dev.assetgate.http.Json;
import dev.assetgate.store.ApiKeyRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** API secret keys at the command line. The operator here is trusted: no caller key limits it. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Create, list, deactivate and delete API secret keys.",
        subcommands = {KeyCommand.Create.class, KeyCommand.List.class, KeyCommand.Deactivate.class,
                KeyCommand.Activate.class, KeyCommand.Delete.class, KeyCommand.SassKeys.class,
                KeyCommand.RevokeSassKey.class})
final class KeyCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key; the secret is printed once, alone on the last line.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @ArgGroup(multiplicity = "1")
        Scope scope;

        static final class Scope {
            @Option(names = "--projects", paramLabel = "T1,T2", split = ",", description = "Projects the key is valid for.")
            String[] projects;

            @Option(names = "--company", description = "Valid for every project of the company, including later ones.")
            boolean company;
        }

        @Option(names = "--permissions", required = true, split = ",", paramLabel = "P1,P2|all",
                description = "Permission names (see docs/security.md), or all.")
        String[] permissions;

        @Option(names = "--description", required = true, description = "What the key is for.")
        String description;

        @Option(names = "--expires", paramLabel = "ISO-8601", description = "Expiry instant, e.g. 2027-01-31T00:00:00Z.")
        String expires;

        @Option(names = "--json", description = "Print the key as a JSON object instead.")
        boolean json;

        @Override
        public Integer call() {
            try (Assetgate app = options.openExisting()) {
                NewKey spec = new NewKey(description, PermissionSet.parse(Arrays.asList(permissions), "--permissions"),
                        scope.company, scope.projects == null ? new LinkedHashSet<>() : new LinkedHashSet<>(Arrays.asList(scope.projects)),
                        parseExpiry(expires));
                CreatedKey created = app.keys.create(spec, app.projects.defaultCompany().id(), Optional.empty());
                CliAudit.action(app, "key.created", CliAudit.projectOf(created.key())).detail("subject_key_id", created.key().id())
                        .detail("permissions", created.key().permissions().names()).record();
                if (json) {
                    ObjectNode out = AdminRoutes.key(created.key());
                    out.put("secret", created.secret());
                    System.out.println(Json.write(out));
                } else {
                    System.out.println("created key " + created.key().id() + " — store the secret now, it is shown only once:");
                    System.out.println(created.secret());
                }
                return 0;
            }
        }

        private static Instant parseExpiry(String text) {
            if (text == null) return null;
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw ApiError.INVALID_PARAMETER.with("--expires must be an ISO-8601 instant like 2027-01-31T00:00:00Z");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Override
        public Integer call() {
            try (Assetgate app = options.openExisting()) {
                for (ApiKeyRecord k : app.keys.visibleTo(Optional.empty(), app.projects.defaultCompany().id())) {
                    if (json) {
                        System.out.println(Json.write(AdminRoutes.key(k)));
                    } else {
                        System.out.println(String.join("\t", k.id(), k.active() ? "active" : "inactive",
                                k.companyWide() ? "company-wide" : String.join(",", k.projects()),
                                String.join(",", k.permissions().names()),
                                k.expiresAt() == null ? "no-expiry" : "expires " + k.expiresAt(),
                                k.lastUsedAt() == null ? "never-used" : "used " + k.lastUsedAt(), k.description()));
                    }
                }
                return 0;
            }
        }
    }

    abstract static class OnKey implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", paramLabel = "ID", description = "Key id (key_...).")
        String id;

        @Override
        public Integer call() {
            try (Assetgate app = options.openExisting()) {
                ApiKeyRecord key = app.keys.visible(id, Optional.empty(), app.projects.defaultCompany().id());
                System.out.println(apply(app, key));
                return 0;
            }
        }

        abstract String apply(Assetgate app, ApiKeyRecord key);

        static String setActive(Assetgate app, ApiKeyRecord key, boolean active) {
            app.keys.update(key, new NewKey(key.description(), key.permissions(), key.companyWide(), key.projects(), key.expiresAt()),
                    active, Optional.empty());
            app.templates.apiKeyChanged(key.id(), !active);
            CliAudit.action(app, "key.updated", CliAudit.projectOf(key)).detail("subject_key_id", key.id())
                    .detail("changed", java.util.List.of("active")).detail("active", active).record();
            return (active ? "activated " : "deactivated ") + key.id();
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Deactivate a key (running servers refuse it within a second).")
    static final class Deactivate extends OnKey {
        @Override
        String apply(Assetgate app, ApiKeyRecord key) {
            return setActive(app, key, false);
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Re-activate a deactivated key.")
    static final class Activate extends OnKey {
        @Override
        String apply(Assetgate app, ApiKeyRecord key) {
            return setActive(app, key, true);
        }
    }

    @Command(name = "sass-keys", mixinStandardHelpOptions = true,
            description = "List the live SASS keys a key minted with POST /{token}/key (one JSON object per line).")
    static final class SassKeys extends OnKey {
        @Override
        String apply(Assetgate app, ApiKeyRecord key) {
            return String.join("\n", app.templates.inlineKeys(key.id()).stream().map(k -> Json.write(AdminRoutes.mintedKey(k))).toList());
        }
    }

    @Command(name = "revoke-sass-key", mixinStandardHelpOptions = true,
            description = "Revoke one SASS key a key minted with POST /{token}/key (refused from the next request on).")
    static final class RevokeSassKey extends OnKey {
        @Parameters(index = "1", paramLabel = "SASS_KEY_ID", description = "The SASS key's id (sk_...), as sass-keys lists it.")
        String sassKeyId;

        @Override
        String apply(Assetgate app, ApiKeyRecord key) {
            var revoked = app.templates.revokeInlineKey(key.id(), sassKeyId);
            CliAudit.action(app, "sass_key.revoked", revoked.project()).detail("subject_key_id", key.id()).sassKey(revoked.keyId()).record();
            return "revoked " + revoked.keyId();
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a key for good.")
    static final class Delete extends OnKey {
        @Override
        String apply(Assetgate app, ApiKeyRecord key) {
            app.keys.delete(key);
            app.templates.apiKeyChanged(key.id(), true);
            CliAudit.action(app, "key.deleted", CliAudit.projectOf(key)).detail("subject_key_id", key.id()).record();
            return "deleted " + key.id();
        }
    }
}
