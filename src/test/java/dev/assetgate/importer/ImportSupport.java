package dev.assetgate.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetgate.cli.AssetgateCli;
import dev.assetgate.support.Api;
import dev.assetgate.support.Cli;
import dev.assetgate.support.TestProject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs {@code assetgate import} in this JVM and reads a project's state back over HTTP, for the importer's tests. */
final class ImportSupport {
    private ImportSupport() {}

    /** {@code assetgate import} with these arguments, its output captured (no ASSETGATE_ variable is read from here). */
    static synchronized Cli.Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("import"));
            all.addAll(List.of(args));
            int exit = AssetgateCli.run(all.toArray(String[]::new));
            return new Cli.Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The arguments naming the target project (its server, token and key). */
    static List<String> target(TestProject project) {
        return List.of("--server", project.server.baseUrl(), "--token", project.token, "--key", project.admin.key);
    }

    static String[] args(TestProject project, Path journal, String... more) {
        List<String> all = new ArrayList<>(target(project));
        all.addAll(List.of("--journal", journal.toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The last line of a --json run: the summary. */
    static JsonNode summary(Cli.Run run) {
        try {
            return dev.assetgate.http.Json.MAPPER.readTree(run.lastLine());
        } catch (IOException e) {
            throw new AssertionError("no JSON summary: " + run.out() + run.err());
        }
    }

    /**
     * Everything a project holds that an import carries, by path: each file's SHA-1, size, meta, tags,
     * labels (by name) and own visibility; each folder's meta and own visibility. Two projects with the
     * same state hold the same library.
     */
    static Map<String, String> state(Api project) {
        Map<String, String> state = new TreeMap<>();
        Api.Response files = project.get("/v4/files?folder=%2F&recursive=1&limit=5000&format=labels:json_full");
        if (files.status() != 200) throw new AssertionError(files.toString());
        for (JsonNode f : files.json().path("files")) {
            List<String> labels = new ArrayList<>();
            f.path("labels").forEach(l -> labels.add(l.path("name").asText()));
            labels.sort(null);
            Map<String, List<String>> tags = new TreeMap<>();
            f.path("tags").fields().forEachRemaining(e -> {
                List<String> names = new ArrayList<>();
                e.getValue().forEach(t -> names.add(t.path("label").asText()));
                names.sort(null);
                tags.put(e.getKey(), names);
            });
            String path = f.path("folder").path("name").asText().replaceAll("/$", "") + "/" + f.path("name").asText();
            String previous = state.put(path, "file sha1=" + f.path("hash").path("sha1").asText() + " size=" + f.path("size").path("bytes").asLong()
                    + " meta=" + f.path("meta") + " tags=" + tags + " labels=" + labels + " visibility=" + f.path("visibility").path("set").asText());
            if (previous != null) throw new AssertionError("two files at " + path);
        }
        Api.Response folders = project.get("/v4/folders?folder=%2F&recursive=1&limit=5000");
        if (folders.status() != 200) throw new AssertionError(folders.toString());
        for (JsonNode d : folders.json().path("folders")) {
            state.put(d.path("path").asText() + "/", "folder meta=" + d.path("meta") + " visibility=" + d.path("visibility").path("set").asText());
        }
        return state;
    }

    static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
