package dev.assetgate.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's metadata model: its fields in display order. An empty model means free-form
 * metadata (any keys, any JSON values), which is how every project starts.
 */
public final class MetadataModel {
    /** Built-in localized text fields every model has; they cannot be defined again. */
    public static final List<String> BUILT_IN = List.of("title", "description");

    private final List<MetaField> fields;
    private final Map<String, MetaField> byKey = new LinkedHashMap<>();

    public MetadataModel(List<MetaField> fields) {
        this.fields = List.copyOf(fields);
        fields.forEach(f -> byKey.put(f.key(), f));
    }

    public boolean isFreeForm() {
        return fields.isEmpty();
    }

    public List<MetaField> fields() {
        return fields;
    }

    public Optional<MetaField> field(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public static boolean isBuiltIn(String key) {
        return BUILT_IN.contains(key);
    }
}
