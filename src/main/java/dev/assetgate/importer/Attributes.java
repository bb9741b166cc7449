package dev.assetgate.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a file or folder carries besides its bytes: metadata, tags by language, labels (by name) and
 * visibility ({@code public}, {@code not_public}, or null to inherit). Every part is applied with an
 * idempotent call, so applying them twice ends the same.
 */
public record Attributes(ObjectNode meta, Map<String, List<String>> tags, List<Label> labels, String visibility) {
    public static final Attributes NONE = new Attributes(null, Map.of(), List.of(), null);

    /** A label of the source's dictionary; matched on the target by name, created there when missing. */
    public record Label(String name, String color, String shape, Boolean pinned) {
        public static Label named(String name) {
            return new Label(name, null, null, null);
        }
    }

    public Attributes {
        tags = new TreeMap<>(tags);
        labels = List.copyOf(labels);
    }

    public boolean isEmpty() {
        return (meta == null || meta.isEmpty()) && tags.values().stream().allMatch(List::isEmpty) && labels.isEmpty()
                && visibility == null;
    }

    /** Changes when anything here changes: a journal entry with another fingerprint applies the attributes again. */
    public String fingerprint() {
        if (isEmpty()) return "";
        ObjectNode o = Json.object();
        o.set("meta", meta);
        o.set("tags", Json.MAPPER.valueToTree(tags));
        ArrayNode names = o.putArray("labels");
        labels.forEach(l -> names.add(l.name()));
        o.put("visibility", visibility);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(o.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
