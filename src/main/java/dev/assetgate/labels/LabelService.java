package dev.assetgate.labels;

import dev.assetgate.access.FileGrant;
import dev.assetgate.access.FolderScope;
import dev.assetgate.error.ApiError;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Labels of a project: validation of their fields, lookup by uuid or sid, and attaching them to
 * files. Folder scopes are the caller's business (the HTTP layer checks each file it names).
 */
public final class LabelService {
    /** The Filerobot widget's first colour and shape, used when a client sends none. */
    public static final String DEFAULT_COLOR = "#BAC8D3";
    public static final String DEFAULT_SHAPE = "pin";
    static final int MAX_NAME = 100;
    private static final Pattern COLOR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final LabelStore store;

    public LabelService(LabelStore store) {
        this.store = store;
    }

    public List<Label> list(String project) {
        return store.list(project);
    }

    /** How many files inside {@code scope} carry each label (by label uuid; 0 when absent). */
    public Map<String, Long> fileCounts(String project, FolderScope scope) {
        return store.fileCounts(project, scope);
    }

    /** One label by uuid or sid ("#lb…", or without the '#'); LABEL_NOT_FOUND otherwise. */
    public Label get(String project, String id) {
        String trimmed = id == null ? "" : id.trim();
        if (trimmed.isEmpty()) {
            throw ApiError.LABEL_NOT_FOUND.with("a label id is empty");
        }
        return store.find(project, trimmed, Label.sidOf(trimmed))
                .orElseThrow(() -> ApiError.LABEL_NOT_FOUND.with("no label with uuid or sid '" + trimmed + "'"));
    }

    /** Several labels by uuid or sid, each once, in the order given; the first unknown one is LABEL_NOT_FOUND. */
    public List<Label> resolve(String project, Collection<String> ids) {
        Map<String, Label> byUuid = new LinkedHashMap<>();
        for (String id : ids) {
            Label label = get(project, id);
            byUuid.putIfAbsent(label.uuid(), label);
        }
        return new ArrayList<>(byUuid.values());
    }

    public Label create(String project, LabelInput input) {
        if (input.name() == null) {
            throw ApiError.INVALID_PARAMETER.with("label.name is required");
        }
        return store.create(project, new LabelDraft(name(input.name()),
                input.color() == null ? DEFAULT_COLOR : color(input.color()),
                input.shape() == null ? DEFAULT_SHAPE : shape(input.shape()),
                input.pinned() != null && input.pinned()));
    }

    /** Changes the fields the input gives; the others stay. */
    public Label update(String project, String id, LabelInput input) {
        Label current = get(project, id);
        LabelDraft draft = new LabelDraft(
                input.name() == null ? current.name() : name(input.name()),
                input.color() == null ? current.color() : color(input.color()),
                input.shape() == null ? current.shape() : shape(input.shape()),
                input.pinned() == null ? current.pinned() : input.pinned());
        return store.update(project, current.uuid(), draft);
    }

    public List<Label> delete(String project, List<Label> labels) {
        return store.delete(project, labels.stream().map(Label::uuid).toList());
    }

    /** Attaches every label to every file the caller may change (all or nothing). */
    public void attach(String project, List<FileGrant> files, List<Label> labels) {
        store.attach(project, FileGrant.writableUuids(files), labels.stream().map(Label::uuid).toList());
    }

    public void detach(String project, List<FileGrant> files, List<Label> labels) {
        store.detach(project, FileGrant.writableUuids(files), labels.stream().map(Label::uuid).toList());
    }

    /** The labels of these files, by file uuid (one query). */
    public Map<String, List<Label>> ofFiles(String project, Collection<String> fileUuids) {
        return fileUuids.isEmpty() ? Map.of() : store.labelsOfFiles(project, fileUuids);
    }

    /** The labels among {@code labels} that files outside {@code scope} carry. */
    public List<Label> carriedOutside(String project, List<Label> labels, FolderScope scope) {
        if (scope.unrestricted()) return List.of();
        Map<String, Long> everywhere = store.fileCounts(project, FolderScope.ANY);
        Map<String, Long> inside = store.fileCounts(project, scope);
        return labels.stream()
                .filter(l -> !Objects.equals(everywhere.getOrDefault(l.uuid(), 0L), inside.getOrDefault(l.uuid(), 0L)))
                .toList();
    }

    // ------------------------------------------------------------------ validation

    static String name(String raw) {
        String name = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (name.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("label.name must not be empty");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            throw ApiError.INVALID_PARAMETER.with("label.name is longer than " + MAX_NAME + " characters");
        }
        if (name.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
            throw ApiError.INVALID_PARAMETER.with("label.name must not contain control or invisible format characters");
        }
        return name;
    }

    static String color(String raw) {
        String color = raw.trim();
        if (!COLOR.matcher(color).matches()) {
            throw ApiError.INVALID_PARAMETER.with("label.color must be a hex colour like #9580E9, got '" + raw + "'");
        }
        return color;
    }

    static String shape(String raw) {
        String shape = raw.trim();
        if (!SHAPE.matcher(shape).matches()) {
            throw ApiError.INVALID_PARAMETER.with("label.shape must be 1 to 32 letters, digits, '-' or '_' (e.g. pin), got '" + raw + "'");
        }
        return shape;
    }
}
