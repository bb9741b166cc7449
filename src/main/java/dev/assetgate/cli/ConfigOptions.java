package dev.assetgate.cli;

import dev.assetgate.Assetgate;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;
import dev.assetgate.logging.LogLayout;

/** Options every command shares, so the CLI and `serve` always open the same data. */
public class ConfigOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (env ASSETGATE_DATA_DIR, default ./data in the current folder); only serve and init create it.")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (Java properties; env ASSETGATE_CONFIG).")
    Path configFile;

    AssetgateConfig load(Map<Setting, String> extraFlags) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.putAll(extraFlags);
        if (dataDir != null) flags.put(Setting.DATA_DIR, dataDir.toString());
        Path file = configFile;
        if (file == null && System.getenv("ASSETGATE_CONFIG") != null) {
            file = Path.of(System.getenv("ASSETGATE_CONFIG"));
        }
        AssetgateConfig config = AssetgateConfig.load(file, System.getenv(), flags);
        LogLayout.useJson(config.get(Setting.LOG_FORMAT).equals("json")); // every command logs alike
        return config;
    }

    AssetgateConfig load() {
        return load(Map.of());
    }

    /**
     * The application on data that already exists, for every command but serve and init. Run where
     * there is no data directory, a command would start an empty catalog with a new secret (whose keys
     * the server then refuses), so it is refused, saying where it looked.
     */
    Assetgate openExisting() {
        AssetgateConfig config = load();
        Path dir = config.dataDir();
        if (config.keepsDataInDataDir() && !Files.isDirectory(dir)) {
            String configured = config.get(Setting.DATA_DIR);
            throw new IllegalArgumentException("no data directory at " + dir
                    + (Path.of(configured).isAbsolute() ? "" : " (data-dir '" + configured + "' is relative to the current folder)")
                    + ". Start the server once (./assetgate serve) or run ./assetgate init to create it, or point to an"
                    + " existing one with --data-dir DIR or ASSETGATE_DATA_DIR=DIR.");
        }
        return Assetgate.open(config);
    }
}
