package dev.assetgate.http;

import static dev.assetgate.access.Permission.FILE_PRODUCT_CHANGE;
import static dev.assetgate.access.Permission.OBJECTS_LIST;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.FileGrant;
import dev.assetgate.access.Need;
import dev.assetgate.assets.AssetService;
import dev.assetgate.error.ApiError;
import dev.assetgate.products.ProductService;
import dev.assetgate.products.ProductStore;
import dev.assetgate.store.FileRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Products (reference §5.10; PIM integrations and the widget's Products view): the product a file
 * shows ({@code PUT file/{uuid}/product}), the products ({@code GET products?q=reference~…}) and a
 * product's files ({@code GET product/{ref}/files}, its images {@code GET product/{ref}/images}),
 * listed inside the key's list scope.
 */
public final class ProductRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private final AssetService assets;
    private final ProductService products;
    private final AssetRendering rendering;

    public ProductRoutes(AssetService assets, ProductService products, AssetRendering rendering) {
        this.assets = assets;
        this.products = products;
        this.rendering = rendering;
    }

    public void register(RouteTable routes) {
        routes.project(GET, "/products", Need.all(OBJECTS_LIST), this::list);
        routes.project(GET, "/product/{ref}/images", Need.all(OBJECTS_LIST), call -> files(call, true));
        routes.project(GET, "/product/{ref}/files", Need.all(OBJECTS_LIST), call -> files(call, false));
        for (String prefix : List.of("/file/{uuid}", "/files/{uuid}")) {
            routes.project(PUT, prefix + "/product", Need.all(FILE_PRODUCT_CHANGE), this::set);
        }
    }

    /** {@code q=reference~part} (contains) or {@code reference~^part} (starts with); a bare {@code q} is "contains". */
    private void list(ProjectCall call) {
        String q = call.query("q");
        boolean prefix = false;
        if (q != null) {
            q = q.trim();
            for (String key : List.of("reference~", "ref~", "product_ref~")) {
                if (q.toLowerCase(java.util.Locale.ROOT).startsWith(key)) {
                    q = q.substring(key.length());
                    break;
                }
            }
            if (q.startsWith("^")) {
                prefix = true;
                q = q.substring(1);
            }
            q = unquoted(q);
            if (q.length() > ProductService.MAX_REF) throw ApiError.INVALID_PARAMETER.with("q: at most " + ProductService.MAX_REF + " characters");
            if (q.isEmpty()) q = null;
        }
        int limit = limit(call.query("limit"));
        List<ProductStore.Product> found = products.products(call.token(), q, prefix, call.access.listScope(), limit);
        ObjectNode body = Json.success();
        ArrayNode list = body.putArray("products");
        found.forEach(p -> list.addObject().put("ref", p.ref()).put("reference", p.ref()).put("files_count", p.files()));
        body.putObject("info").put("total_products_count", found.size());
        call.ok(body);
    }

    private static String unquoted(String q) {
        return q.length() >= 2 && q.startsWith("\"") && q.endsWith("\"") ? q.substring(1, q.length() - 1) : q;
    }

    private void files(ProjectCall call, boolean imagesOnly) {
        String ref = ref(call.ctx.pathParam("ref"));
        int limit = limit(call.query("limit"));
        List<FileRecord> files = new ArrayList<>();
        for (String uuid : products.files(call.token(), ref, imagesOnly, call.access.listScope(), limit)) {
            assets.findFile(call.token(), uuid).ifPresent(files::add); // one deleted meanwhile is left out
        }
        ObjectNode body = Json.success();
        body.putObject("product").put("ref", ref);
        body.set(imagesOnly ? "images" : "files", rendering.of(call).files(files));
        call.ok(body);
    }

    private void set(ProjectCall call) {
        ObjectNode request = call.jsonObjectBody();
        JsonNode product = request.has("product") ? request.get("product") : request;
        ProductStore.FileProduct value = product(product);
        FileGrant file = call.access.writeFile(assets.file(call.token(), call.ctx.pathParam("uuid")));
        products.set(file, value);
        ObjectNode body = Json.success().put("action", "file_product_updated");
        body.set("file", rendering.of(call).file(assets.file(call.token(), file.uuid())));
        call.ok(body);
    }

    /** {@code {ref, position}}; a null or empty ref (or a null product) removes the file's product. */
    static ProductStore.FileProduct product(JsonNode product) {
        if (product == null || product.isNull()) return null;
        if (!product.isObject()) throw ApiError.INVALID_PARAMETER.with("product must be a JSON object {ref, position}");
        JsonNode ref = product.get("ref");
        if (ref == null || ref.isNull() || ref.isTextual() && ref.asText().isBlank()) return null;
        if (!ref.isTextual()) throw ApiError.INVALID_PARAMETER.with("product.ref must be a string");
        JsonNode position = product.get("position");
        Integer at = null;
        if (position != null && !position.isNull()) {
            if (!position.canConvertToInt() || !position.isIntegralNumber() || position.asInt() < 0) {
                throw ApiError.INVALID_PARAMETER.with("product.position must be a whole number from 0");
            }
            at = position.asInt();
        }
        return new ProductStore.FileProduct(ref(ref.asText()), at);
    }

    private static String ref(String raw) {
        String ref = raw.trim();
        if (ref.isEmpty() || ref.length() > ProductService.MAX_REF || ref.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw ApiError.INVALID_PARAMETER.with("product ref: 1 to " + ProductService.MAX_REF + " characters, no control characters");
        }
        return ref;
    }

    private static int limit(String raw) {
        if (raw == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiError.INVALID_PARAMETER.with("limit: a whole number from 1 to " + MAX_LIMIT + ", got '" + raw + "'");
    }

}
