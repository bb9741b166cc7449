package dev.assetgate.cli;

import dev.assetgate.Assetgate;
import dev.assetgate.store.Project;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "images", mixinStandardHelpOptions = true, description = "Image facts and derivatives.",
        subcommands = {ImagesCommand.Backfill.class})
final class ImagesCommand {

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Read the facts (img_w, img_h, img_o, ...) of images stored before they were read at upload. Safe to stop and run again.")
    static final class Backfill implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--project", description = "Only this project (default: every project).")
        String project;

        @Override
        public Integer call() {
            try (Assetgate app = options.openExisting()) {
                List<String> tokens = project != null ? List.of(Project.requireValidToken(project))
                        : app.projects.list(app.projects.defaultCompany().id()).stream().map(Project::token).toList();
                int total = 0;
                for (String token : tokens) {
                    int filled = app.assets.backfillImageFacts(token);
                    System.out.println(token + "\t" + filled + " file(s) given image facts");
                    total += filled;
                }
                System.out.println(total);
                return 0;
            }
        }
    }
}
