package dev.assetgate.http;

import static dev.assetgate.access.Permission.DIR_SET_VISIBILITY;
import static dev.assetgate.access.Permission.FILE_SET_VISIBILITY;
import static dev.assetgate.access.Permission.OBJECTS_FETCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Need;
import dev.assetgate.access.Principal;
import dev.assetgate.assets.AssetService;
import dev.assetgate.error.ApiError;
import dev.assetgate.images.Derivatives;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.FileRecord;
import dev.assetgate.store.Folder;
import dev.assetgate.store.FolderCounts;
import dev.assetgate.templates.SassPrincipal;
import dev.assetgate.visibility.DeliverySigner;
import dev.assetgate.visibility.Visibility;
import dev.assetgate.visibility.VisibilityService;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Visibility on the CDN ({@code PUT objects/visibility/cdn}, reference §5.4) and signed delivery URLs
 * ({@code POST file/{uuid}/signed-url}, our own design: Filerobot documents none).
 */
public final class VisibilityRoutes {
    static final long DEFAULT_SIGNED_URL_SECONDS = 3600;
    private final AssetService assets;
    private final VisibilityService visibility;
    private final DeliverySigner deliverySigner;
    private final Derivatives images;
    private final Clock clock;
    private final AssetRendering rendering;

    public VisibilityRoutes(AssetService assets, VisibilityService visibility, DeliverySigner deliverySigner, Derivatives images,
                            Clock clock, AssetRendering rendering) {
        this.assets = assets;
        this.visibility = visibility;
        this.deliverySigner = deliverySigner;
        this.images = images;
        this.clock = clock;
        this.rendering = rendering;
    }

    public void register(RouteTable routes) {
        // Which permission applies depends on the body: a key holding neither is refused before it is read.
        routes.project(PUT, "/objects/visibility/cdn", Need.any(FILE_SET_VISIBILITY, DIR_SET_VISIBILITY), this::setVisibility);
        for (String prefix : List.of("/file/{uuid}", "/files/{uuid}")) {
            routes.project(POST, prefix + "/signed-url", Need.all(OBJECTS_FETCH), this::signedUrl);
        }
    }

    /**
     * {@code {files_uuids?, folders_uuids?, visibility: "public"|"not_public"|"inherit"}}; all or
     * nothing. A folder's change reaches everything below it, so a SASS key needs the whole subtree
     * in its upload scope; the answer shows only what the key may list.
     */
    private void setVisibility(ProjectCall call) {
        ObjectNode body = call.jsonObjectBody();
        List<String> fileUuids = Fields.optionalIds(body, "files_uuids");
        List<String> folderUuids = Fields.optionalIds(body, "folders_uuids");
        if (fileUuids.isEmpty() && folderUuids.isEmpty()) {
            throw ApiError.INVALID_PARAMETER.with("files_uuids or folders_uuids must list at least one id");
        }
        if (!fileUuids.isEmpty()) call.access.require(FILE_SET_VISIBILITY);
        if (!folderUuids.isEmpty()) call.access.require(DIR_SET_VISIBILITY);
        Visibility visibility = change(Fields.text(body, "visibility"));
        List<FileRecord> files = new ArrayList<>();
        for (String uuid : fileUuids) {
            FileRecord file = assets.file(call.token(), uuid);
            call.access.writeFolder(file.folderPath());
            files.add(file);
        }
        List<Folder> folders = new ArrayList<>();
        for (String uuid : folderUuids) {
            Folder folder = assets.folder(call.token(), uuid);
            call.access.writeSubtree(folder.path());
            folders.add(folder);
        }
        this.visibility.set(call.token(), fileUuids, folderUuids, visibility);

        List<FileRecord> listedFiles = files.stream().filter(f -> call.access.listScope().allows(f.folderPath())).toList();
        List<Folder> listedFolders = folders.stream().filter(d -> call.access.listScope().allows(d.path())).toList();
        AssetJson render = rendering.of(call);
        ObjectNode out = Json.success();
        out.set("files", render.files(listedFiles));
        render.preloadFolders(listedFolders);
        Map<String, FolderCounts> counts = assets.countsFor(call.token(), listedFolders, call.access.listScope());
        ArrayNode list = out.putArray("folders");
        listedFolders.forEach(d -> list.add(render.folder(d, counts.getOrDefault(d.uuid(), FolderCounts.EMPTY))));
        call.ok(out);
    }

    /** The new setting; null means "inherit" (the widget sends "inherited"). */
    private static Visibility change(String value) {
        if (value.equals("inherit") || value.equals("inherited")) {
            return null;
        }
        return Visibility.of(value).orElseThrow(() -> ApiError.INVALID_PARAMETER.with(
                "visibility must be \"public\", \"not_public\" or \"inherit\", got '" + value + "'"));
    }

    /**
     * {@code {expires_in?: seconds (default 3600), ip?: "address", transform?: "w=200&func=crop"}} → a URL
     * that delivers this one file without a key until it expires (never after the calling key itself
     * expires), optionally only to one client address, optionally transformed (the signature covers
     * the transformation: url.cdn with other parameters is refused).
     */
    private void signedUrl(ProjectCall call) {
        ObjectNode body = call.jsonObjectBody();
        long maxSeconds = deliverySigner.maxLifetime().getSeconds();
        long seconds = DEFAULT_SIGNED_URL_SECONDS;
        JsonNode expiresIn = body.get("expires_in");
        if (expiresIn != null && !expiresIn.isNull()) {
            if (!expiresIn.isIntegralNumber() || expiresIn.asLong() < 1 || expiresIn.asLong() > maxSeconds) {
                throw ApiError.INVALID_PARAMETER.with("expires_in must be a whole number of seconds from 1 to " + maxSeconds,
                        "Rule: signed-url-max-seconds");
            }
            seconds = expiresIn.asLong();
        } else {
            seconds = Math.min(seconds, maxSeconds);
        }
        String ipText = Fields.optionalText(body, "ip");
        String transform = images.transformation(Fields.optionalText(body, "transform")).canonical();
        InetAddress ip = ipText == null ? null : DeliverySigner.address(ipText, "ip");
        FileRecord file = assets.file(call.token(), call.ctx.pathParam("uuid"));
        call.access.readFolder(file.folderPath());

        Instant expiresAt = clock.instant().plus(Duration.ofSeconds(seconds));
        Instant keyExpiry = keyExpiry(call.principal);
        if (keyExpiry != null && keyExpiry.isBefore(expiresAt)) {
            expiresAt = keyExpiry;
        }
        DeliverySigner.Signed signed = deliverySigner.sign(call.token(), file.uuid(), expiresAt, ip, transform);
        String query = (transform.isEmpty() ? "" : transform + "&") + signed.query();
        String base = RequestFacts.baseUrl(call.ctx) + "/" + call.token();
        ObjectNode out = Json.success().put("file_uuid", file.uuid());
        out.put("url", base + "/cdn" + AssetJson.encodePath(file.path()) + "?" + query);
        out.put("permalink", base + "/v4/get/" + file.uuid() + "?" + query);
        out.put("expires_at", AssetJson.time(signed.expiresAt()));
        out.put("expires_in", Math.max(0, Duration.between(clock.instant(), signed.expiresAt()).getSeconds()));
        out.put("ip", signed.ip());
        call.ok(out);
    }

    /** A signed URL never outlives the key that asked for it. */
    private static Instant keyExpiry(Principal principal) {
        if (principal instanceof SassPrincipal sass) {
            return sass.claims().expiresAt();
        }
        return principal.apiKey().map(ApiKeyRecord::expiresAt).orElse(null);
    }
}
