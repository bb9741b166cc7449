package dev.assetgate.access;

import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The server secret that keys API-key hashes. It comes from configuration, or from a file that is
 * created (owner-only, 256 random bits) the first time any command needs it. Every node and the
 * CLI must see the same value, or no key verifies.
 */
public final class ServerSecret {
    private ServerSecret() {}

    public static byte[] resolve(AssetgateConfig config) {
        String configured = config.get(Setting.SECRET);
        if (!configured.isEmpty()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        return readOrCreate(config.secretFile());
    }

    static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String hex = HexFormat.of().formatHex(random);
                try {
                    // createFile fails when it exists: when the server and the CLI start at once, one wins and both
                    // read its value. Created 0600, so the secret is never readable by others, not even briefly.
                    Files.createFile(file, PrivateFiles.attributes());
                    Files.writeString(file, hex + "\n", StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException raced) {
                    // the other process created it; read theirs below
                }
            }
            String value = Files.readString(file).trim();
            if (value.length() < 32) {
                throw new IllegalStateException("server secret in " + file + " is shorter than 32 characters");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the server secret " + file, e);
        }
    }
}
