package dev.assetgate.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.http.Json;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What earlier runs of the same import did, one JSON line per finished file, appended and flushed as
 * each file ends (a process killed mid-line leaves a line that is skipped on reading). Its first line
 * names the import (source, server, project, folder), so a journal is never applied to another one.
 * The server stays the judge: a file the journal calls done is skipped only when the target still
 * has it with the same SHA-1.
 */
final class Journal implements Closeable {
    private static final String STATE_DONE = "done";
    private static final String STATE_FAILED = "failed";
    private final Path file;
    private final Map<String, Entry> last = new HashMap<>();
    private BufferedWriter out;

    /** The last line about one path. */
    record Entry(String path, String state, String sha1, long size, String version, String attributes, String reason) {
        boolean done() {
            return STATE_DONE.equals(state);
        }
    }

    private Journal(Path file) {
        this.file = file;
    }

    /** Reads the journal of {@code job} (none yet is fine); {@code writable} false for a dry run. */
    static Journal open(Path file, String job, boolean writable) throws IOException {
        Journal journal = new Journal(file);
        boolean exists = Files.exists(file) && Files.size(file) > 0;
        if (exists) journal.read(job);
        if (writable) {
            if (exists) endWithNewline(file);
            journal.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (!exists) journal.write(Json.object().put("assetgate_import", 1).put("job", job));
        }
        return journal;
    }

    private void read(String job) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        JsonNode header = parse(lines.get(0));
        if (header == null || !header.has("assetgate_import")) {
            throw new IllegalArgumentException(file + " is not an import journal: pass another --journal FILE");
        }
        if (!job.equals(header.path("job").asText())) {
            throw new IllegalArgumentException("the journal " + file + " belongs to another import (" + header.path("job").asText()
                    + "): pass --journal FILE for this one");
        }
        for (String line : lines.subList(1, lines.size())) {
            JsonNode n = parse(line);
            if (n == null || !n.hasNonNull("path")) continue; // a line cut short by a kill
            last.put(n.get("path").asText(), new Entry(n.get("path").asText(), n.path("state").asText(), n.path("sha1").asText(null),
                    n.path("size").asLong(), n.path("version").asText(null), n.path("attributes").asText(""), n.path("reason").asText(null)));
        }
    }

    Entry last(String path) {
        return last.get(path);
    }

    /** How many paths ended failed in the runs before this one. */
    long failedBefore() {
        return last.values().stream().filter(e -> STATE_FAILED.equals(e.state())).count();
    }

    void done(String path, String sha1, long size, String version, String attributes) throws IOException {
        write(Json.object().put("path", path).put("state", STATE_DONE).put("sha1", sha1).put("size", size)
                .put("version", version).put("attributes", attributes));
    }

    void failed(String path, String reason) throws IOException {
        write(Json.object().put("path", path).put("state", STATE_FAILED).put("reason", reason));
    }

    private synchronized void write(ObjectNode line) throws IOException {
        if (out == null) return; // a dry run writes nothing
        out.write(line.toString());
        out.write('\n');
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) out.close();
    }

    private static JsonNode parse(String line) {
        try {
            return line.isBlank() ? null : Json.MAPPER.readTree(line);
        } catch (IOException cut) {
            return null;
        }
    }

    /** A line cut short by a kill must not swallow the next one. */
    private static void endWithNewline(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() - 1);
            if (raf.read() != '\n') {
                raf.seek(raf.length());
                raf.write('\n');
            }
        }
    }
}
