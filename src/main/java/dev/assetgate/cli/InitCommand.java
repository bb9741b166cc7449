package dev.assetgate.cli;

import dev.assetgate.Assetgate;
import dev.assetgate.config.AssetgateConfig;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Creates the data directory (catalog, blob folder, server secret) without starting the server; harmless when it exists. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create the data directory (catalog, blobs, server secret) without starting the server.")
final class InitCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        AssetgateConfig config = options.load();
        boolean existed = Files.isDirectory(config.dataDir());
        try (Assetgate app = Assetgate.open(config)) {
            System.out.println((existed ? "data directory ready (it existed): " : "created data directory ") + config.dataDir());
            return 0;
        }
    }
}
