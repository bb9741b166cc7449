package dev.assetgate.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.http.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a run did: counts by outcome, bytes sent, folders created, time taken, and every failure with its reason. */
public final class Summary {
    private final Map<Outcome.Kind, Long> counts = new EnumMap<>(Outcome.Kind.class);
    private final List<Outcome> failures = new ArrayList<>();
    private final boolean dryRun;
    private long bytesUploaded;
    private long foldersCreated;
    private Duration took = Duration.ZERO;

    Summary(boolean dryRun) {
        for (Outcome.Kind k : Outcome.Kind.values()) counts.put(k, 0L);
        this.dryRun = dryRun;
    }

    synchronized void add(Outcome o) {
        counts.merge(o.kind(), 1L, Long::sum);
        if (o.kind() == Outcome.Kind.UPLOADED) bytesUploaded += o.bytes();
        if (o.kind() == Outcome.Kind.FAILED) failures.add(o);
    }

    synchronized void folderCreated() {
        foldersCreated++;
    }

    void finished(Duration took) {
        this.took = took;
    }

    public synchronized long count(Outcome.Kind kind) {
        return counts.get(kind);
    }

    public synchronized List<Outcome> failures() {
        return List.copyOf(failures);
    }

    public synchronized ObjectNode toJson() {
        ObjectNode o = Json.object().put("event", "summary").put("dry_run", dryRun);
        counts.forEach((k, v) -> o.put(k.name().toLowerCase(Locale.ROOT), v));
        o.put("bytes_uploaded", bytesUploaded).put("folders_created", foldersCreated).put("seconds", took.toMillis() / 1000.0);
        o.put("files_per_second", rate(counts.get(Outcome.Kind.UPLOADED)));
        return o;
    }

    /** The failures as written to --failures: [{path, reason}]. */
    public synchronized ArrayNode failuresJson() {
        ArrayNode list = Json.array();
        failures.forEach(f -> list.addObject().put("path", f.path()).put("reason", f.reason()));
        return list;
    }

    public synchronized String toText() {
        String verb = dryRun ? "would upload" : "uploaded";
        return String.format(Locale.ROOT, "%s%s %d file(s) (%s), completed %d, skipped %d (already there), failed %d; %d folder(s) created;"
                        + " %.1f s, %.1f files/s, %s/s",
                dryRun ? "dry run, nothing changed: " : "", verb, counts.get(Outcome.Kind.UPLOADED), size(bytesUploaded),
                counts.get(Outcome.Kind.COMPLETED), counts.get(Outcome.Kind.SKIPPED), counts.get(Outcome.Kind.FAILED), foldersCreated,
                took.toMillis() / 1000.0, rate(counts.get(Outcome.Kind.UPLOADED)), size((long) rate(bytesUploaded)));
    }

    private double rate(long amount) {
        double seconds = Math.max(took.toMillis(), 1) / 1000.0;
        return Math.round(amount / seconds * 10) / 10.0;
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1 << 20) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        if (bytes < 1L << 30) return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1073741824.0);
    }
}
