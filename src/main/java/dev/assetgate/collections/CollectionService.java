package dev.assetgate.collections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetgate.assets.AssetPaths;
import dev.assetgate.assets.SearchParser;
import dev.assetgate.error.ApiError;
import dev.assetgate.labels.Label;
import dev.assetgate.labels.LabelFilter;
import dev.assetgate.labels.LabelService;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.FileQuery;
import dev.assetgate.store.SearchTerm;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Collections of a project: validation, storage, and listing a collection's files as the request's
 * query ANDed with the collection's saved query. Folder scopes are the caller's business: the query
 * handed to {@link #narrow} already carries the caller's listing scope, which is kept.
 */
public final class CollectionService {
    public static final String DEFAULT_TYPE = "query";
    public static final String DEFAULT_VISIBILITY = "company";
    static final int MAX_TITLE = 200;
    static final int MAX_Q = 4096;
    static final int MAX_GROUPBY = 16 * 1024;
    private static final Pattern MIME = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*(/([a-z0-9][a-z0-9!#$&^_.+-]*|\\*))?");
    private static final Pattern VISIBILITY = Pattern.compile("[A-Za-z_-]{1,32}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CollectionStore store;
    private final LabelService labels;
    private final AssetCatalog catalog;

    public CollectionService(CollectionStore store, LabelService labels, AssetCatalog catalog) {
        this.store = store;
        this.labels = labels;
        this.catalog = catalog;
    }

    public List<Collection> list(String project) {
        return store.list(project);
    }

    public Collection get(String project, String uuid) {
        return store.find(project, uuid)
                .orElseThrow(() -> ApiError.COLLECTION_NOT_FOUND.with("no collection with uuid " + uuid));
    }

    public Collection create(String project, CollectionInput input) {
        if (input.title() == null) {
            throw ApiError.INVALID_PARAMETER.with("title is required");
        }
        return store.create(project, new CollectionDraft(title(input.title()),
                input.type() == null ? DEFAULT_TYPE : type(input.type()),
                input.visibility() == null ? DEFAULT_VISIBILITY : visibility(input.visibility()),
                input.data() == null ? SavedQuery.EVERYTHING : query(project, input.data()),
                input.data() == null ? "[]" : groupby(input.data().groupby())));
    }

    /** Changes the members the input gives; {@code data}, when given, replaces the whole saved query. */
    public Collection update(String project, String uuid, CollectionInput input) {
        Collection current = get(project, uuid);
        return store.update(project, uuid, new CollectionDraft(
                input.title() == null ? current.title() : title(input.title()),
                input.type() == null ? current.type() : type(input.type()),
                input.visibility() == null ? current.visibility() : visibility(input.visibility()),
                input.data() == null ? current.query() : query(project, input.data()),
                input.data() == null ? current.groupby() : groupby(input.data().groupby())));
    }

    public List<Collection> delete(String project, List<String> uuids) {
        return store.delete(project, uuids);
    }

    /**
     * The files of a collection: the request ({@code asked}, with the caller's scope) ANDed with the
     * saved query and with the virtual folder filter {@code f64}. Empty when nothing can match,
     * including when the folder both designate does not exist.
     */
    public Optional<FileQuery> narrow(String project, Collection collection, FileQuery asked, boolean askedForFolder, String f64,
                                      java.util.function.Function<String, List<SearchTerm>> parse) {
        Optional<FileQuery> narrowed = collection.query().narrow(asked, askedForFolder, virtualFolderTerms(f64, parse), parse);
        return narrowed.filter(q -> catalog.folderByPath(project, q.folderPath()).isPresent());
    }

    // ------------------------------------------------------------------ virtual folders

    /**
     * The {@code filters} of a virtual folder ({@code GET collections/{uuid}/folders}), which clients
     * send back as {@code f64}: base64url of {@code {"q":"…"}}, a search ANDed with the collection.
     */
    public static String virtualFolderFilter(String q) {
        String json = JSON.createObjectNode().put("q", q).toString();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static List<SearchTerm> virtualFolderTerms(String f64, java.util.function.Function<String, List<SearchTerm>> parse) {
        if (f64 == null || f64.isBlank()) return List.of();
        JsonNode node;
        try {
            String text = f64.trim().replace('+', '-').replace('/', '_').replace("=", "");
            node = JSON.readTree(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw ApiError.INVALID_PARAMETER.with("f64 must be a virtual folder filter from GET collections/{uuid}/folders");
        }
        if (node == null || !node.isObject() || (node.has("q") && !node.get("q").isTextual())) {
            throw ApiError.INVALID_PARAMETER.with("f64 must be a virtual folder filter from GET collections/{uuid}/folders");
        }
        return parse.apply(node.path("q").asText(""));
    }

    // ------------------------------------------------------------------ validation

    private SavedQuery query(String project, CollectionInput.Data data) {
        String q = data.q() == null ? "" : data.q().strip();
        if (q.length() > MAX_Q) {
            throw ApiError.INVALID_PARAMETER.with("data.filters is longer than " + MAX_Q + " characters");
        }
        String folder = data.folder() == null ? "/" : AssetPaths.folder(data.folder());
        boolean recursive = data.recursive() == null || data.recursive();
        String mime = data.mime() == null ? null : mime(data.mime());
        List<String> ids = data.labels() == null ? List.of() : data.labels();
        if (ids.size() > LabelFilter.MAX_IDS) {
            throw ApiError.INVALID_PARAMETER.with("data.labels names more than " + LabelFilter.MAX_IDS + " labels");
        }
        List<String> sids = labels.resolve(project, ids).stream().map(Label::sid).toList();
        return new SavedQuery(q, folder, recursive, mime, sids, LabelFilter.operator(data.labelsOperator(), "data.labels_operator"));
    }

    static String title(String raw) {
        String title = raw.strip();
        if (title.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("title must not be empty");
        }
        if (title.codePointCount(0, title.length()) > MAX_TITLE) {
            throw ApiError.INVALID_PARAMETER.with("title is longer than " + MAX_TITLE + " characters");
        }
        if (title.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiError.INVALID_PARAMETER.with("title must not contain control characters");
        }
        return title;
    }

    static String type(String raw) {
        String type = raw.trim().toLowerCase(Locale.ROOT);
        if (!type.equals("query") && !type.equals("filters")) {
            throw ApiError.INVALID_PARAMETER.with("type must be query or filters, got '" + raw + "'");
        }
        return type;
    }

    static String visibility(String raw) {
        String visibility = raw.trim();
        if (!VISIBILITY.matcher(visibility).matches()) {
            throw ApiError.INVALID_PARAMETER.with("visibility must be 1 to 32 letters, '-' or '_' (e.g. company), got '" + raw + "'");
        }
        return visibility;
    }

    static String mime(String raw) {
        String mime = raw.trim().toLowerCase(Locale.ROOT);
        if (!MIME.matcher(mime).matches()) {
            throw ApiError.INVALID_PARAMETER.with("data.mime must look like image/png, image/* or image, got '" + raw + "'");
        }
        return mime;
    }

    static String groupby(String json) {
        if (json == null) return "[]";
        if (json.length() > MAX_GROUPBY) {
            throw ApiError.INVALID_PARAMETER.with("data.groupby is larger than " + MAX_GROUPBY + " characters");
        }
        return json;
    }
}
