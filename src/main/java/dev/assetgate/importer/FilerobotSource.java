package dev.assetgate.importer;

import static dev.assetgate.importer.RemoteProject.q;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project of a Filerobot-compatible API ({@code filerobot://TOKEN/folder}): Filerobot itself, or
 * another Assetgate. Its folders (with meta and visibility) and files (with meta, tags, labels,
 * visibility and SHA-1) are read from the v4 listings; each file's bytes from its permalink.
 */
public final class FilerobotSource implements Source {
    static final int PAGE = 1000;
    private final RemoteProject project;
    private final String folder;

    public FilerobotSource(RemoteProject project, String folder) {
        this.project = project;
        this.folder = Paths.folder(folder);
    }

    /** {@code filerobot://TOKEN/some/folder} → {TOKEN, "/some/folder"}. */
    public static String[] parse(String uri) {
        String rest = uri.substring("filerobot://".length());
        int slash = rest.indexOf('/');
        String token = slash < 0 ? rest : rest.substring(0, slash);
        if (token.isEmpty()) throw new IllegalArgumentException("--from " + uri + ": no project token (filerobot://TOKEN/folder)");
        return new String[] {token, slash < 0 ? "/" : rest.substring(slash)};
    }

    @Override
    public String describe() {
        return project.describe() + folder;
    }

    @Override
    public Inventory list() throws IOException {
        try {
            return listAll();
        } catch (RemoteException e) {
            throw new RemoteException(e.status, e.code, "reading the source " + describe() + ": " + e.getMessage());
        }
    }

    private Inventory listAll() throws IOException {
        Map<String, Attributes.Label> dictionary = labels();
        List<SourceFolder> folders = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = project.get("/v4/folders?folder=" + q(folder) + "&recursive=1&limit=" + PAGE + "&offset=" + offset);
            for (JsonNode f : page.path("folders")) {
                String path = f.path("path").asText();
                if (path.equals(folder)) continue;
                folders.add(new SourceFolder(Paths.below(folder, path),
                        new Attributes(meta(f), Map.of(), List.of(), visibility(f.path("visibility")))));
            }
            if (page.path("folders").size() < PAGE) break;
        }
        List<SourceFile> files = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = project.get("/v4/files?folder=" + q(folder) + "&recursive=1&limit=" + PAGE + "&offset=" + offset);
            for (JsonNode f : page.path("files")) {
                files.add(file(f, dictionary));
            }
            if (page.path("files").size() < PAGE) break;
        }
        return new Inventory(folders, files, List.of());
    }

    private SourceFile file(JsonNode f, Map<String, Attributes.Label> dictionary) {
        String path = Paths.join(f.path("folder").path("name").asText("/"), f.path("name").asText());
        Map<String, List<String>> tags = new LinkedHashMap<>();
        f.path("tags").fields().forEachRemaining(e -> {
            List<String> labels = new ArrayList<>();
            e.getValue().forEach(t -> labels.add(t.isTextual() ? t.asText() : t.path("label").asText()));
            if (!labels.isEmpty()) tags.put(e.getKey(), labels);
        });
        List<Attributes.Label> labels = new ArrayList<>();
        for (JsonNode l : f.path("labels")) {
            Attributes.Label label = l.isObject() ? label(l) : dictionary.get(l.asText());
            if (label != null) labels.add(label);
        }
        String sha1 = f.path("hash").path("sha1").asText(null);
        String permalink = f.path("url").path("permalink").asText(null);
        if (permalink == null) permalink = f.path("url").path("cdn").asText(null);
        return new SourceFile(Paths.below(folder, path), f.path("size").path("bytes").asLong(),
                sha1 == null ? f.path("uuid").asText() : sha1, sha1, f.path("type").asText(null),
                new Attributes(meta(f), tags, labels, visibility(f.path("visibility"))), permalink);
    }

    /** The project's labels by sid; a server without the labels API has none. */
    private Map<String, Attributes.Label> labels() throws IOException {
        Map<String, Attributes.Label> bySid = new HashMap<>();
        JsonNode answer;
        try {
            answer = project.get("/v4/labels");
        } catch (RemoteException e) {
            if (e.status == 404 && !"PROJECT_NOT_FOUND".equals(e.code)) return bySid;
            throw e;
        }
        for (JsonNode l : answer.path("labels")) {
            bySid.put(l.path("sid").asText(), label(l));
            bySid.put(l.path("uuid").asText(), label(l));
        }
        return bySid;
    }

    private static Attributes.Label label(JsonNode l) {
        return new Attributes.Label(l.path("name").asText(), l.path("color").asText(null), l.path("shape").asText(null),
                l.path("is_pinned").isBoolean() ? l.get("is_pinned").asBoolean() : null);
    }

    private static ObjectNode meta(JsonNode item) {
        JsonNode meta = item.get("meta");
        return meta != null && meta.isObject() && !meta.isEmpty() ? (ObjectNode) meta : null;
    }

    /** v5 {in_cdn: {set}} or v4 {set: VISIBILITY_*}: the object's own setting, null when it inherits. */
    static String visibility(JsonNode v) {
        String set = v.has("in_cdn") ? v.path("in_cdn").path("set").asText("") : v.path("set").asText("");
        return switch (set) {
            case "public", "VISIBILITY_PUBLIC" -> "public";
            case "not_public", "private", "VISIBILITY_ORGANISATION", "VISIBILITY_PRIVATE" -> "not_public";
            default -> null;
        };
    }

    @Override
    public InputStream open(SourceFile file) throws IOException {
        if (file.location() == null) throw new IOException("the source lists no URL for " + file.path());
        return project.download(file.location());
    }
}
