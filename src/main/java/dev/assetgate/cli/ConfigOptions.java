package dev.assetgate.cli;

import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares, so the CLI and `serve` always open the same data. */
public class ConfigOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (env ASSETGATE_DATA_DIR, default ./data).")
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
        return AssetgateConfig.load(file, System.getenv(), flags);
    }

    AssetgateConfig load() {
        return load(Map.of());
    }
}
