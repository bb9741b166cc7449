package dev.assetgate.importer;

import static dev.assetgate.importer.RemoteProject.q;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The project files are imported into, through its HTTP API only: what is already there, folder
 * creation, the streaming upload ({@code PUT v4/files?folder=&filename=}) and the idempotent calls that
 * set a file's meta, tags, labels and visibility.
 */
final class Target {
    static final int PAGE = 5000;
    private final RemoteProject api;
    private final Map<String, String> labelUuids = new ConcurrentHashMap<>();

    /** A file on the target. */
    record Existing(String uuid, String sha1, long size) {}

    Target(RemoteProject api) {
        this.api = api;
    }

    String describe() {
        return api.describe();
    }

    /** One cheap authenticated call, so a wrong server, project or key is told before anything else. */
    void check() throws IOException {
        try {
            api.get("/v4/folders?folder=%2F&limit=1");
        } catch (RemoteException e) {
            String why = switch (e.status) {
                case 0 -> e.getMessage();
                case 401 -> "the key was refused by " + api.describe() + " (" + e.reason() + ")";
                case 403 -> "the key is not allowed on " + api.describe() + " (" + e.reason() + ")";
                case 404 -> "no project at " + api.describe() + " (" + e.reason() + ")";
                default -> api.describe() + " answered " + e.reason();
            };
            throw new IllegalArgumentException(why, e);
        }
    }

    /** Every file at or below {@code root}, by path. */
    Map<String, Existing> files(String root) throws IOException {
        Map<String, Existing> files = new HashMap<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page;
            try {
                page = api.get("/v4/files?folder=" + q(root) + "&recursive=1&limit=" + PAGE + "&offset=" + offset);
            } catch (RemoteException e) {
                if ("FOLDER_NOT_FOUND".equals(e.code)) return files;
                throw e;
            }
            for (JsonNode f : page.path("files")) {
                files.put(Paths.join(f.path("folder").path("name").asText("/"), f.path("name").asText()), existing(f));
            }
            if (page.path("files").size() < PAGE) return files;
        }
    }

    /** Every folder at or below {@code root}: path → uuid. */
    Map<String, String> folders(String root) throws IOException {
        Map<String, String> folders = new HashMap<>();
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page;
            try {
                page = api.get("/v4/folders?folder=" + q(root) + "&recursive=1&limit=" + PAGE + "&offset=" + offset);
            } catch (RemoteException e) {
                if ("FOLDER_NOT_FOUND".equals(e.code)) return folders;
                throw e;
            }
            if (offset == 0 && page.path("base").has("uuid")) folders.put(page.path("base").path("path").asText(root), page.path("base").path("uuid").asText());
            for (JsonNode f : page.path("folders")) {
                folders.put(f.path("path").asText(), f.path("uuid").asText());
            }
            if (page.path("folders").size() < PAGE) return folders;
        }
    }

    /** Creates the folder (and its parents); one that appeared meanwhile is found instead. Returns its uuid. */
    String createFolder(String path) throws IOException {
        try {
            return api.send("POST", "/v4/folders", RemoteProject.body().put("name", path)).path("folder_uuid").asText();
        } catch (RemoteException e) {
            if (!"NAME_CONFLICT".equals(e.code)) throw e;
            String uuid = folders(path).get(path);
            if (uuid == null) throw e;
            return uuid;
        }
    }

    /** Streams the file to {@code path}; NAME_CONFLICT when a file is already there. */
    Existing upload(String path, Source.Opener body, long size, String contentType) throws IOException {
        JsonNode answer = api.putStream("/v4/files?folder=" + q(Paths.parent(path)) + "&filename=" + q(Paths.name(path)),
                body, size, contentType);
        return existing(answer.path("file"));
    }

    /** The file at {@code path}, if any (read from its folder's listing). */
    Existing find(String path) throws IOException {
        String name = Paths.name(path);
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page;
            try {
                page = api.get("/v4/files?folder=" + q(Paths.parent(path)) + "&limit=" + PAGE + "&offset=" + offset);
            } catch (RemoteException e) {
                if ("FOLDER_NOT_FOUND".equals(e.code)) return null;
                throw e;
            }
            for (JsonNode f : page.path("files")) {
                if (f.path("name").asText().equals(name)) return existing(f);
            }
            if (page.path("files").size() < PAGE) return null;
        }
    }

    /** Meta merged, tags of each language replaced, labels attached, visibility set: each call ends the same when repeated. */
    void apply(Existing file, Attributes a) throws IOException {
        String base = "/v4/files/" + file.uuid();
        if (a.meta() != null && !a.meta().isEmpty()) {
            api.send("PUT", base + "/meta", RemoteProject.body().set("meta", a.meta()));
        }
        for (Map.Entry<String, List<String>> tags : a.tags().entrySet()) {
            ObjectNode body = RemoteProject.body().put("lang", tags.getKey());
            body.putArray("existing_tags");
            tags.getValue().forEach(body.withArray("new_tags")::add);
            api.send("PUT", base + "/tags", body);
        }
        if (!a.labels().isEmpty()) {
            ObjectNode body = RemoteProject.body();
            ArrayNode uuids = body.putArray("labels");
            for (Attributes.Label l : a.labels()) uuids.add(labelUuid(l));
            api.send("POST", base + "/labels", body);
        }
        if (a.visibility() != null) {
            ObjectNode body = RemoteProject.body().put("visibility", a.visibility());
            body.putArray("files_uuids").add(file.uuid());
            api.send("PUT", "/v4/objects/visibility/cdn", body);
        }
    }

    /** A folder's meta (replaced) and visibility. */
    void applyToFolder(String uuid, Attributes a) throws IOException {
        if (a.meta() != null && !a.meta().isEmpty()) {
            api.send("PUT", "/v4/folders/" + uuid + "/meta", RemoteProject.body().set("meta", a.meta()));
        }
        if (a.visibility() != null) {
            ObjectNode body = RemoteProject.body().put("visibility", a.visibility());
            body.putArray("folders_uuids").add(uuid);
            api.send("PUT", "/v4/objects/visibility/cdn", body);
        }
    }

    /** Reads the target's labels, then creates those of {@code wanted} it lacks (matched by name). */
    void ensureLabels(Collection<Attributes.Label> wanted) throws IOException {
        if (wanted.isEmpty()) return;
        for (JsonNode l : api.get("/v4/labels").path("labels")) {
            labelUuids.put(l.path("name").asText(), l.path("uuid").asText());
        }
        for (Attributes.Label l : wanted) {
            if (labelUuids.containsKey(l.name())) continue;
            ObjectNode body = RemoteProject.body().put("name", l.name());
            if (l.color() != null) body.put("color", l.color());
            if (l.shape() != null) body.put("shape", l.shape());
            if (l.pinned() != null) body.put("is_pinned", l.pinned());
            try {
                labelUuids.put(l.name(), api.send("POST", "/v4/labels", body).path("label").path("uuid").asText());
            } catch (RemoteException e) {
                throw new RemoteException(e.status, e.code, "creating the label '" + l.name() + "' on the target: " + e.getMessage());
            }
        }
    }

    private String labelUuid(Attributes.Label l) {
        String uuid = labelUuids.get(l.name());
        if (uuid == null) throw new IllegalStateException("label '" + l.name() + "' was not prepared");
        return uuid;
    }

    private static Existing existing(JsonNode f) {
        return new Existing(f.path("uuid").asText(), f.path("hash").path("sha1").asText(), f.path("size").path("bytes").asLong());
    }
}
