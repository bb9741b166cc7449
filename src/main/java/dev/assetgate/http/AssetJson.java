package dev.assetgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.approvals.ApprovalService;
import dev.assetgate.approvals.ApprovalService.FileApproval;
import dev.assetgate.labels.Label;
import dev.assetgate.metadata.MetaView;
import dev.assetgate.store.FileDetails;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.FolderCounts;
import dev.assetgate.store.Project;
import dev.assetgate.visibility.Visibility;
import dev.assetgate.visibility.VisibilityService;
import dev.assetgate.visibility.VisibilityState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import dev.assetgate.products.ProductStore;

/** Renders files, folders and labels in the Filerobot wire shapes (reference §5.7, §6), v4 or v5 flavour. */
public final class AssetJson {
    private final String baseUrl;
    private final Project project;
    private final String version;
    private final VisibilityService.Resolver visibility;
    private final ApprovalService approvals;
    private final FileLabels labels;
    private final boolean fullLabels;
    private final UnaryOperator<JsonNode> metaView;
    private final PreviewUrls previews;
    private final FileProducts products;
    private final RenderedFiles rendered;

    /** The labels each file carries, by file uuid: one lookup per rendering, however many files. */
    public interface FileLabels {
        Map<String, List<Label>> of(Collection<String> fileUuids);
    }

    /** The product each file shows, by file uuid: one lookup per rendering. */
    public interface FileProducts {
        FileProducts NONE = uuids -> Map.of();

        Map<String, ProductStore.FileProduct> of(Collection<String> fileUuids);
    }

    AssetJson(String baseUrl, Project project, String version, VisibilityService.Resolver visibility, ApprovalService approvals,
              FileLabels labels, FileProducts products, boolean fullLabels, PreviewUrls previews, RenderedFiles rendered) {
        this(baseUrl, project, version, visibility, approvals, labels, products, fullLabels, MetaView.STORED, previews, rendered);
    }

    private AssetJson(String baseUrl, Project project, String version, VisibilityService.Resolver visibility, ApprovalService approvals,
                      FileLabels labels, FileProducts products, boolean fullLabels, UnaryOperator<JsonNode> metaView,
                      PreviewUrls previews, RenderedFiles rendered) {
        this.rendered = rendered;
        this.products = products;
        this.baseUrl = baseUrl;
        this.project = project;
        this.version = version;
        this.visibility = visibility;
        this.approvals = approvals;
        this.labels = labels;
        this.fullLabels = fullLabels;
        this.metaView = metaView;
        this.previews = previews;
    }

    /** The same renderer showing file meta through {@code view} (format=select:…). */
    public AssetJson withMetaView(UnaryOperator<JsonNode> view) {
        return new AssetJson(baseUrl, project, version, visibility, approvals, labels, products, fullLabels, view, previews, rendered);
    }

    public ObjectNode file(FileRecord f) {
        return file(f, approvals.latestForFiles(project.token(), List.of(f.uuid())).get(f.uuid()),
                labels.of(List.of(f.uuid())).getOrDefault(f.uuid(), List.of()), products.of(List.of(f.uuid())).get(f.uuid()),
                visibility.ofFile(f));
    }

    /**
     * A file read with its details ({@link AssetRendering#details}), rendered without reading the
     * catalog, for an answer sent as it is: the node may be JSON text kept from an earlier answer
     * ({@link RenderedFiles}), so it is written, never read or changed.
     */
    public JsonNode fileAsSent(FileDetails read) {
        return kept(read.file(), approvals.summary(read.approval()), read.labels(), read.product(), visibility.ofFile(read));
    }

    /** What {@link #file(FileRecord, FileApproval, List, ProductStore.FileProduct, VisibilityState)} renders, kept while its inputs stay equal. */
    private JsonNode kept(FileRecord f, FileApproval approval, List<Label> attached, ProductStore.FileProduct product,
                          VisibilityState state) {
        // a meta view typed by the project's model reads more than the inputs: not kept
        if (metaView != MetaView.STORED) return file(f, approval, attached, product, state);
        RenderedFiles.Inputs inputs = new RenderedFiles.Inputs(f, approval, attached, product, state,
                baseUrl + ' ' + version + ' ' + fullLabels);
        return rendered.of(inputs, () -> file(f, approval, attached, product, state));
    }

    private ObjectNode file(FileRecord f, FileApproval approval, List<Label> attached, ProductStore.FileProduct product,
                            VisibilityState state) {
        ObjectNode o = Json.object();
        o.put("uuid", f.uuid());
        o.put("name", f.name());
        o.put("extension", extension(f.name()));
        o.putObject("size").put("bytes", f.size()).put("pretty", pretty(f.size()));
        o.putNull("flags");
        o.put("type", f.mime());
        o.put("uploaded_by", f.uploadedBy()); // the per-user key's subject; null for other uploaders
        JsonNode info = Json.parseStored(f.info());
        JsonNode blurhash = info instanceof ObjectNode stored ? stored.remove("blurhash") : null; // shown as hash.blurhash
        o.set("info", info);
        o.set("meta", metaView.apply(Json.parseStored(f.meta())));
        o.set("tags", Json.parseStored(f.tags()));
        ArrayNode labelList = o.putArray("labels");
        attached.forEach(l -> {
            if (fullLabels) labelList.add(label(l));
            else labelList.add(l.sid());
        });
        o.set("visibility", visibility(state));
        String encodedPath = encodePath(f.path());
        String cdn = baseUrl + "/" + project.token() + "/cdn" + encodedPath;
        if (info instanceof ObjectNode shown) previews.writeTo(shown, f, cdn, f.sha1().substring(0, 6), state.isPublic());
        o.putObject("url")
                .put("public", cdn)
                .put("permalink", baseUrl + "/" + project.token() + "/v4/get/" + f.uuid())
                .put("cdn", cdn + "?vh=" + f.sha1().substring(0, 6))
                .put("path", encodedPath);
        o.putObject("hash").put("sha1", f.sha1()).set("blurhash", blurhash != null && blurhash.isTextual() ? blurhash : NullNode.getInstance());
        o.put("created_at", time(f.createdAt()));
        o.put("modified_at", time(f.modifiedAt()));
        o.putObject("folder").put("uuid", f.folderUuid()).put("name", f.folderPath());
        o.set("product", product(product));
        o.set("approval", approval(approval));
        return o;
    }

    /** A file's {@code product}: {ref, position}, both null when it shows none. */
    static ObjectNode product(ProductStore.FileProduct product) {
        ObjectNode o = Json.object();
        if (product == null) return o.putNull("ref").putNull("position");
        o.put("ref", product.ref());
        if (product.position() == null) o.putNull("position");
        else o.put("position", product.position());
        return o;
    }

    /** Many files, with their approval summaries, labels and visibility read in one go. */
    public ArrayNode files(Collection<FileRecord> files) {
        return files(files, this::file);
    }

    /** {@link #files}, for an answer sent as it is: like {@link #fileAsSent}, its items are written, never read or changed. */
    public ArrayNode filesAsSent(Collection<FileRecord> files) {
        return files(files, this::kept);
    }

    private interface OneFile {
        JsonNode render(FileRecord f, FileApproval approval, List<Label> attached, ProductStore.FileProduct product, VisibilityState state);
    }

    private ArrayNode files(Collection<FileRecord> files, OneFile one) {
        visibility.preloadFiles(files);
        List<String> uuids = files.stream().map(FileRecord::uuid).toList();
        Map<String, FileApproval> latest = approvals.latestForFiles(project.token(), uuids);
        Map<String, List<Label>> attached = uuids.isEmpty() ? Map.of() : labels.of(uuids);
        Map<String, ProductStore.FileProduct> shown = uuids.isEmpty() ? Map.of() : products.of(uuids);
        ArrayNode list = Json.array();
        files.forEach(f -> list.add(one.render(f, latest.get(f.uuid()), attached.getOrDefault(f.uuid(), List.of()), shown.get(f.uuid()),
                visibility.ofFile(f))));
        return list;
    }

    /**
     * A file this request has just created, rendered without reading the catalog: it has no approval,
     * no label and no visibility setting of its own, and what its folder passes down ({@code passedDown},
     * see {@link VisibilityService.Resolver#ofNewFile}) was read in the transaction that placed it. So
     * a stored upload is answered as stored even when the catalog goes away right after its commit.
     */
    public ObjectNode newFile(FileRecord f, Visibility passedDown) {
        return file(f, null, List.of(), null, visibility.ofNewFile(passedDown));
    }

    /** A file's latest approval request in brief (null when it never had one); GET approvals/{uuid} has the rest. */
    private static JsonNode approval(FileApproval a) {
        if (a == null) return NullNode.getInstance();
        ObjectNode o = Json.object().put("approval_uuid", a.approvalUuid()).put("status", a.status().name());
        if (a.dueDate() == null) o.putNull("due_date");
        else o.put("due_date", time(a.dueDate()));
        return o.put("overdue", a.overdue());
    }

    /** A label in the shape of GET labels, without its count (also file objects' labels under format=labels:json_full). */
    public static ObjectNode label(Label l) {
        ObjectNode o = Json.object();
        o.put("uuid", l.uuid());
        o.put("sid", l.sid());
        o.put("name", l.name());
        o.put("color", l.color());
        o.put("shape", l.shape());
        o.put("is_pinned", l.pinned());
        // No teams or users here: every key with the permissions sees and attaches every label.
        ObjectNode permissions = o.putObject("permissions");
        permissions.putObject("viewing").put("scope", "SK_ORG").putNull("ids");
        permissions.putObject("attaching").put("scope", "SK_ORG").putNull("ids");
        o.put("created_at", time(l.createdAt()));
        o.put("updated_at", time(l.updatedAt()));
        return o;
    }

    /**
     * True when a {@code format} parameter asks for full label objects: {@code labels:json_full} among
     * options joined by ',' or '+' (a '+' in a query string arrives as a space).
     */
    static boolean wantsFullLabels(String format) {
        if (format == null) return false;
        for (String option : format.split("[,+\\s]+")) {
            if (option.equalsIgnoreCase("labels:json_full")) return true;
        }
        return false;
    }

    public ObjectNode folder(Folder d, FolderCounts counts) {
        ObjectNode o = Json.object();
        o.put("uuid", d.uuid());
        o.put("path", d.path());
        o.put("name", d.isRoot() ? "/" : d.name());
        o.set("meta", Json.parseStored(d.meta()));
        o.set("visibility", visibility(visibility.ofFolder(d)));
        o.put("created_at", time(d.createdAt()));
        o.put("updated_at", time(d.updatedAt()));
        o.putObject("count").put("files_recursive", counts.filesRecursive()).put("files_direct", counts.filesDirect());
        o.putObject("size").put("total_recursive_bytes", counts.bytesRecursive())
                .put("total_recursive_pretty", pretty(counts.bytesRecursive()));
        return o;
    }

    /** Reads the visibility of these folders (and their ancestors) at once, before rendering them one by one. */
    public void preloadFolders(Collection<Folder> folders) {
        visibility.preloadFolders(folders);
    }

    /** Reference §6.2: v4 {value, inherited, set, actual} with VISIBILITY_* names; v5 {in_dam, in_cdn}. */
    private ObjectNode visibility(VisibilityState state) {
        if ("v4".equals(version)) {
            String set = state.set() == null ? "VISIBILITY_INHERIT" : state.set().v4;
            return Json.object().put("value", set).put("inherited", state.inherited().v4)
                    .put("set", set).put("actual", state.actual().v4);
        }
        ObjectNode v = Json.object();
        // Visibility inside the DAM (teams, users) is not modelled: every key of the project sees what its scopes allow.
        v.putObject("in_dam").put("set", "inherited").put("actual", "all_organisation");
        v.putObject("in_cdn").put("set", state.set() == null ? "inherited" : state.set().wire).put("actual", state.actual().wire);
        return v;
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Percent-encodes each segment of a path, keeping the slashes. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                out.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    static String pretty(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        // what String.format("%.2f") prints (half-up on the shortest decimal form), without its parser: it cost 8 % of a details request
        return unit == 0 ? bytes + " B" : BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + units[unit];
    }
}
