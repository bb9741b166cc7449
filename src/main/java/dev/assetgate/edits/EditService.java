package dev.assetgate.edits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FileGrant;
import dev.assetgate.assets.MetaRules;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.http.Json;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.FileRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Metadata and tag changes to many files at once, all or nothing: a bulk edit (prepared, then
 * applied by the key that prepared it) and the rows of a CSV import. Each file's new meta is checked
 * against the project's metadata model before anything is written; the writes are one transaction,
 * refused as a whole when a file changed meanwhile. Callers pass a write grant per file, so every
 * file was authorised by the access pipeline.
 */
public final class EditService {
    /** How long a prepared bulk edit can be applied, and how long any task is kept. */
    public static final Duration BULK_VALIDITY = Duration.ofHours(1);
    public static final Duration TASK_RETENTION = Duration.ofDays(1);
    public static final String PREPARED = "PREPARED";
    public static final String APPLYING = "APPLYING";
    public static final String APPLIED = "APPLIED";
    private final EditTaskStore tasks;
    private final AssetCatalog catalog;
    private final MetaRules rules;
    private final Clock clock;

    public EditService(EditTaskStore tasks, AssetCatalog catalog, MetaRules rules, Clock clock) {
        this.tasks = tasks;
        this.catalog = catalog;
        this.rules = rules;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ planning: checked, nothing written

    /** The new state of one file, checked; tags added by label get their sids when committed. */
    public record Planned(FileGrant file, ObjectNode meta, List<Change> tagChanges) {}

    /** What a set of changes would do: the checked files, and a problem per file that cannot take its changes. */
    public record Plan(String project, List<Planned> files, Map<String, String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public Plan plan(String project, Map<FileGrant, List<Change>> changes) {
        Map<String, AssetCatalog.Tag> dictionary = new HashMap<>();
        catalog.tags(project).forEach(t -> dictionary.putIfAbsent(t.sid(), t));
        List<Planned> planned = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<FileGrant, List<Change>> e : changes.entrySet()) {
            FileRecord file = e.getKey().requireWritable().file();
            try {
                planned.add(planOne(project, e.getKey(), file, e.getValue(), dictionary));
            } catch (ApiException refused) {
                problems.put(file.uuid(), refused.getMessage());
            }
        }
        return new Plan(project, planned, problems);
    }

    private Planned planOne(String project, FileGrant grant, FileRecord file, List<Change> changes, Map<String, AssetCatalog.Tag> dictionary) {
        ObjectNode meta = (ObjectNode) Json.parseStored(file.meta());
        Set<String> touched = new LinkedHashSet<>();
        List<Change> tagChanges = new ArrayList<>();
        for (Change c : changes) {
            if (c.type().onMeta()) {
                JsonNode after = c.metaAfter(meta.get(c.key()));
                if (after == null) meta.remove(c.key());
                else meta.set(c.key(), after);
                touched.add(c.key());
            } else {
                String ref = c.value().asText();
                if (ref.startsWith("#") && !dictionary.containsKey(ref)) {
                    throw ApiError.INVALID_PARAMETER.with(c.type().wire + ": no tag with sid " + ref + " (GET tags lists them)");
                }
                tagChanges.add(c);
            }
        }
        ObjectNode written = JsonNodeFactory.instance.objectNode();
        touched.stream().filter(meta::has).forEach(k -> written.set(k, meta.get(k)));
        if (!written.isEmpty()) {
            rules.check(project, written).fields().forEachRemaining(f -> meta.set(f.getKey(), f.getValue()));
        }
        return new Planned(grant, meta, tagChanges);
    }

    // ------------------------------------------------------------------ committing: one transaction

    /** Writes a plan without problems; tags added by label are created in the dictionary first. */
    public List<FileRecord> commit(Plan plan) {
        if (!plan.ok()) throw new IllegalStateException("a plan with problems is never written");
        if (plan.files().isEmpty()) return List.of();
        Map<String, AssetCatalog.Tag> dictionary = new HashMap<>();
        catalog.tags(plan.project()).forEach(t -> dictionary.putIfAbsent(t.sid(), t));
        Map<String, Map<String, String>> labelSids = newLabels(plan, dictionary);
        List<AssetCatalog.FileEdit> edits = new ArrayList<>();
        for (Planned p : plan.files()) {
            FileRecord file = p.file().file();
            ObjectNode tags = (ObjectNode) Json.parseStored(file.tags());
            for (Change c : p.tagChanges()) {
                applyTag(tags, c, dictionary, labelSids);
            }
            edits.add(new AssetCatalog.FileEdit(file.uuid(), file.modifiedAt(), Json.write(p.meta()), Json.write(tags)));
        }
        return catalog.editFiles(plan.project(), edits);
    }

    /** The sid of every label that tags.add names, by language, creating the missing ones. */
    private Map<String, Map<String, String>> newLabels(Plan plan, Map<String, AssetCatalog.Tag> dictionary) {
        Map<String, Set<String>> byLang = new LinkedHashMap<>();
        for (Planned p : plan.files()) {
            for (Change c : p.tagChanges()) {
                if (c.type() == Change.Type.TAGS_ADD && !c.value().asText().startsWith("#")) {
                    byLang.computeIfAbsent(lang(c), k -> new LinkedHashSet<>()).add(c.value().asText());
                }
            }
        }
        Map<String, Map<String, String>> sids = new HashMap<>();
        byLang.forEach((lang, labels) -> sids.put(lang, catalog.ensureTags(plan.project(), lang, List.copyOf(labels))));
        return sids;
    }

    private static String lang(Change c) {
        return c.lang() == null ? "en" : c.lang();
    }

    private static void applyTag(ObjectNode tags, Change c, Map<String, AssetCatalog.Tag> dictionary, Map<String, Map<String, String>> labelSids) {
        String ref = c.value().asText();
        if (c.type() == Change.Type.TAGS_ADD) {
            String sid;
            String label;
            String lang;
            if (ref.startsWith("#")) {
                AssetCatalog.Tag tag = dictionary.get(ref);
                sid = tag.sid();
                label = tag.label();
                lang = tag.lang();
            } else {
                lang = lang(c);
                sid = labelSids.get(lang).get(ref);
                label = ref;
            }
            ArrayNode list = tags.has(lang) && tags.get(lang).isArray() ? (ArrayNode) tags.get(lang) : tags.putArray(lang);
            for (JsonNode have : list) {
                if (sid.equals(have.path("sid").asText())) return;
            }
            list.addObject().put("sid", sid).put("label", label);
            return;
        }
        // tags.del: by sid in every language, or by label (ASCII case ignored) in its language (every language without one)
        List<String> langs = new ArrayList<>();
        tags.fieldNames().forEachRemaining(langs::add);
        for (String lang : langs) {
            if (!ref.startsWith("#") && c.lang() != null && !c.lang().equals(lang)) continue;
            JsonNode list = tags.get(lang);
            if (!list.isArray()) continue;
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            for (JsonNode t : list) {
                boolean match = ref.startsWith("#") ? ref.equals(t.path("sid").asText())
                        : ref.toLowerCase(Locale.ROOT).equals(t.path("label").asText().toLowerCase(Locale.ROOT));
                if (!match) kept.add(t);
            }
            if (kept.isEmpty()) tags.remove(lang);
            else tags.set(lang, kept);
        }
    }

    // ------------------------------------------------------------------ tasks: prepared bulk edits and imports

    /** Stores a task made by {@code owner}; old tasks are forgotten on the way. */
    public EditTask create(String project, String owner, EditTask.Kind kind, String status, ObjectNode body) {
        Instant now = clock.instant();
        tasks.deleteCreatedBefore(now.minus(TASK_RETENTION));
        EditTask task = new EditTask(UUID.randomUUID().toString(), project, kind, owner, status, Json.write(body), now, now);
        tasks.insert(task);
        return task;
    }

    /**
     * The task, if {@code owner} made it and it is of this kind (and, for a bulk edit, still within its
     * validity); else the same 404 as for a task that does not exist.
     */
    public EditTask task(String project, String owner, EditTask.Kind kind, String uuid) {
        Optional<EditTask> found = tasks.find(project, uuid).filter(t -> t.owner().equals(owner) && t.kind() == kind);
        if (kind == EditTask.Kind.BULK) {
            found = found.filter(t -> t.createdAt().plus(BULK_VALIDITY).isAfter(clock.instant()));
        }
        String what = kind == EditTask.Kind.BULK ? "bulk edit" : "import task";
        return found.orElseThrow(() -> ApiError.NOT_FOUND.with("no " + what + " " + uuid,
                "A " + what + " is seen only by the key that made it" + (kind == EditTask.Kind.BULK ? ", for an hour." : ", for a day.")));
    }

    /** Claims a prepared bulk edit for applying; false when another call applies or applied it. */
    public boolean claim(EditTask bulk) {
        return tasks.transition(bulk.project(), bulk.uuid(), PREPARED, APPLYING, bulk.body(), clock.instant());
    }

    /** Ends an applying bulk edit: applied, or back to prepared when nothing was written. */
    public void settle(EditTask bulk, boolean applied) {
        tasks.transition(bulk.project(), bulk.uuid(), APPLYING, applied ? APPLIED : PREPARED, bulk.body(), clock.instant());
    }

    /** Records the outcome of an import task. */
    public void finish(EditTask task, String status, ObjectNode body) {
        tasks.transition(task.project(), task.uuid(), task.status(), status, Json.write(body), clock.instant());
    }
}
