package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.StorageSettings;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * A project's storage settings on the wire (the {@code storage} member of the management API's
 * project): {@code {"same_name":"refuse|version|rename","same_content":"accept|skip",
 * "versions_kept":10,"versions_days":0}}. A change names only the members it changes.
 */
final class StorageSettingsJson {
    private static final Set<String> MEMBERS = Set.of("same_name", "same_content", "versions_kept", "versions_days");

    private StorageSettingsJson() {}

    static ObjectNode render(StorageSettings s) {
        return Json.object().put("same_name", s.sameName().wire()).put("same_content", s.sameContent().wire())
                .put("versions_kept", s.versionsKept()).put("versions_days", s.versionsDays());
    }

    /** {@code current} with the members of {@code change} applied; every member is checked before anything changes. */
    static StorageSettings apply(StorageSettings current, JsonNode change) {
        if (!change.isObject()) throw ApiError.INVALID_PARAMETER.with("storage must be an object");
        for (Iterator<String> names = change.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw ApiError.INVALID_PARAMETER.with("storage has no member '" + name + "'", "Members: " + String.join(", ", MEMBERS.stream().sorted().toList()));
            }
        }
        StorageSettings.SameName sameName = change.has("same_name")
                ? choice(StorageSettings.SameName.class, change.get("same_name"), "storage.same_name") : current.sameName();
        StorageSettings.SameContent sameContent = change.has("same_content")
                ? choice(StorageSettings.SameContent.class, change.get("same_content"), "storage.same_content") : current.sameContent();
        int kept = change.has("versions_kept")
                ? number(change.get("versions_kept"), "storage.versions_kept", StorageSettings.MAX_VERSIONS_KEPT) : current.versionsKept();
        int days = change.has("versions_days")
                ? number(change.get("versions_days"), "storage.versions_days", StorageSettings.MAX_VERSIONS_DAYS) : current.versionsDays();
        return new StorageSettings(sameName, sameContent, kept, days);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, JsonNode value, String field) {
        String allowed = String.join(" | ", java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
        if (value.isTextual()) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value.asText())) return e;
            }
        }
        throw ApiError.INVALID_PARAMETER.with(field + " must be one of " + allowed + ", not " + value);
    }

    private static int number(JsonNode value, String field, int max) {
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > max) {
            throw ApiError.INVALID_PARAMETER.with(field + " must be a whole number from 0 to " + max + ", not " + value);
        }
        return value.asInt();
    }
}
