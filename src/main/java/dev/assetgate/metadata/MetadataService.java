package dev.assetgate.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.assets.SearchParser;
import dev.assetgate.error.ApiError;
import dev.assetgate.store.SearchTerm;
import java.time.Clock;
import java.util.List;

/**
 * A project's metadata model: managing its fields, checking file and folder meta against it,
 * showing select values in the format asked for, and typing search terms by it. It knows nothing
 * of HTTP or keys; callers have authorised the action before calling.
 *
 * <p>A project without fields has free-form metadata: any keys, any JSON values, as before the model
 * existed. Once it has a field, meta may only hold the model's keys (plus the built-in title and
 * description) with values of their types. The model is read from the catalog on each use, so every
 * node applies a change at once.
 */
public final class MetadataService {
    private final MetadataStore store;
    private final Clock clock;

    public MetadataService(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public MetadataModel model(String project) {
        return new MetadataModel(store.fields(project));
    }

    public MetaField field(String project, String uuid) {
        return store.field(project, uuid).orElseThrow(() -> notFound(uuid));
    }

    public MetaField create(String project, JsonNode body) {
        int next = store.fields(project).stream().mapToInt(MetaField::position).max().orElse(-1) + 1;
        return store.create(FieldDefinitions.create(project, body, next, clock.instant()));
    }

    public MetaField update(String project, String uuid, JsonNode body) {
        MetaField changed = FieldDefinitions.update(field(project, uuid), body, clock.instant());
        return store.update(changed).orElseThrow(() -> notFound(uuid));
    }

    public void delete(String project, String uuid) {
        if (!store.delete(project, uuid)) {
            throw notFound(uuid);
        }
    }

    public MetaField addOptions(String project, String uuid, JsonNode body) {
        List<MetaOption> added = FieldDefinitions.addedOptions(body, field(project, uuid));
        return store.addOptions(project, uuid, added).orElseThrow(() -> notFound(uuid));
    }

    /** The meta in stored form, or INVALID_PARAMETER naming the first key or value the model refuses. */
    public ObjectNode validate(String project, ObjectNode meta) {
        return new MetaValidator(model(project)).check(meta);
    }

    /** How to show meta for a {@code format} parameter (see {@link MetaView}). */
    public MetaView view(String project, String format) {
        MetaView.Select select = MetaView.selectOf(format);
        return select == MetaView.Select.API ? MetaView.STORED : new MetaView(model(project), select);
    }

    /** Parses {@code q=} and types its terms by the project's model. */
    public List<SearchTerm> searchTerms(String project, String q) {
        List<SearchTerm> terms = SearchParser.parse(q);
        boolean onFields = terms.stream().anyMatch(t -> t.key() != null);
        return onFields ? SearchTyping.resolve(model(project), terms) : terms;
    }

    private static RuntimeException notFound(String uuid) {
        return ApiError.METADATA_FIELD_NOT_FOUND.with("no metadata field with uuid " + uuid);
    }
}
