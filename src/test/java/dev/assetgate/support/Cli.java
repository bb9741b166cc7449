package dev.assetgate.support;

import dev.assetgate.cli.AssetgateCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in this JVM on a data directory (and, under postgres, that directory's own schema),
 * capturing its output; or as a process of its own ({@link #process}).
 */
public final class Cli {
    private Cli() {}

    public record Run(int exit, String out, String err) {
        public String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    /**
     * Runs the CLI as an operator would, in its own JVM in {@code workDir}, with no ASSETGATE_ variable
     * but those in {@code env} and no option added; gives up after 60 s.
     */
    public static Run process(Path workDir, Map<String, String> env, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), AssetgateCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ASSETGATE_"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("assetgate-cli", ".out");
        Path err = Files.createTempFile("assetgate-cli", ".err");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("assetgate " + String.join(" ", args) + " did not end within 60 s: " + Files.readString(err));
        }
        try {
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    public static synchronized Run run(Path dataDir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        TestServer.catalogConfig(dataDir).ifPresent(config -> {
            all.add("--config");
            all.add(config.toString());
        });
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = AssetgateCli.run(all.toArray(String[]::new));
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
