package dev.assetgate.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One typed field of a project's metadata model. {@code key} is the api name (the key in file and
 * folder meta); a {@code localized} field takes values keyed by language code, limited to
 * {@code languages} when that is not empty; select fields carry their {@code options}.
 */
public record MetaField(
        String uuid,
        String project,
        String key,
        String label,
        FieldType type,
        boolean localized,
        List<String> languages,
        String group,
        int position,
        List<MetaOption> options,
        Instant createdAt,
        Instant updatedAt) {

    public MetaField {
        languages = List.copyOf(languages);
        options = List.copyOf(options);
    }

    /** The option a written or searched value names: its api slug or internal id (exactly), or its label (ignoring case). */
    public Optional<MetaOption> option(String value) {
        for (MetaOption o : options) {
            if (o.apiSlug().equals(value) || o.id().equals(value)) return Optional.of(o);
        }
        for (MetaOption o : options) {
            if (o.apiSlug().equalsIgnoreCase(value) || o.label().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** For writes: only the exact api slug or internal id (a label is for people, and may be ambiguous). */
    public Optional<MetaOption> optionByIdentifier(String value) {
        return options.stream().filter(o -> o.apiSlug().equals(value) || o.id().equals(value)).findFirst();
    }

    public Optional<MetaOption> optionBySlug(String slug) {
        return options.stream().filter(o -> o.apiSlug().equals(slug)).findFirst();
    }

    public MetaField with(String label, List<String> languages, String group, int position, List<MetaOption> options, Instant at) {
        return new MetaField(uuid, project, key, label, type, localized, languages, group, position, options, createdAt, at);
    }
}
