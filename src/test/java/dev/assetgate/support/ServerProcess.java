package dev.assetgate.support;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code assetgate serve} in its own JVM, configured by environment variables exactly as an operator
 * would: for tests that need a real process (SIGKILL, several nodes of a cluster, its output). Its
 * standard output and error go to {@link #log}.
 */
public record ServerProcess(Process process, int port, Path log) implements AutoCloseable {

    public static ServerProcess start(Path dataDir, Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dataDir.resolve("server-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.assetgate.cli.AssetgateCli", "serve", "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                "--host", "127.0.0.1"));
        TestServer.catalogConfig(dataDir).ifPresent(config -> command.addAll(List.of("--config", config.toString())));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process p = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Api health = new Api("http://127.0.0.1:" + port, null);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && p.isAlive()) {
            try {
                if (health.get("/health").status() == 200) return new ServerProcess(p, port, log);
            } catch (RuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("server process did not start: " + Files.readString(log));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
