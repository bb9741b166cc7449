package dev.assetgate.http;

import dev.assetgate.Assetgate;
import dev.assetgate.config.Setting;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.jdbc.StoreException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on Jetty, CORS, the error envelope, and every routes class. Requests are
 * never logged with their headers, so keys do not reach the log.
 */
public final class AssetgateServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AssetgateServer.class);
    private static final int INPUT_BUFFER = 64 * 1024;
    private final Javalin javalin;

    public AssetgateServer(Assetgate app) {
        long maxUpload = app.config.longValue(Setting.MAX_UPLOAD_BYTES);
        long maxJson = app.config.longValue(Setting.MAX_JSON_BYTES);
        Path multipartTmp = app.config.dataDir().resolve("tmp");
        Cors cors = new Cors(app.config.list(Setting.CORS_ORIGINS));
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = app.config.get(Setting.HOST);
            config.jetty.port = app.config.integer(Setting.PORT);
            config.http.maxRequestSize = maxJson;
            // Jetty reads request bodies 8 KiB at a time by default: one syscall per 8 KiB of an upload.
            // 64 KiB is the largest size its buffer pool keeps, so the buffers are still pooled.
            config.jetty.modifyHttpConfiguration(http -> http.setInputBufferSize(INPUT_BUFFER));
            config.router.treatMultipleSlashesAsSingleSlash = false;
            config.jetty.multipartConfig.cacheDirectory(ensureDir(multipartTmp).toString());
            config.jetty.multipartConfig.maxFileSize(maxUpload, SizeUnit.BYTES);
            // The file limit is per file: the whole body also carries part headers and JSON side parts,
            // so a file of exactly the limit must fit. Several files in one request share this budget.
            config.jetty.multipartConfig.maxTotalRequestSize(saturatedAdd(maxUpload, maxJson), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(64 * 1024, SizeUnit.BYTES);

            config.routes.before(cors::apply);
            config.routes.options("/<path>", ctx -> ctx.status(204));
            config.routes.get("/health", ctx -> HttpSupport.send(ctx, 200, Json.success()));

            registerRoutes(config.routes, app);

            config.routes.exception(ApiException.class, (e, ctx) -> HttpSupport.sendError(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> HttpSupport.sendError(ctx, fromJavalin(e)));
            config.routes.exception(StoreException.class, (e, ctx) -> {
                if (catalogUnreachable(e)) {
                    // no connection, or a connection lost: the catalog is down or saturated, not a bug
                    LOG.warn("{} {}: catalog unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
                    HttpSupport.sendError(ctx, ApiError.SERVICE_UNAVAILABLE.with("the catalog database is unavailable")
                            .header("Retry-After", "5"));
                } else {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    HttpSupport.sendError(ctx, ApiError.INTERNAL_ERROR.with("internal error"));
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                HttpSupport.sendError(ctx, ApiError.INTERNAL_ERROR.with("internal error"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    HttpSupport.sendError(ctx, ApiError.NOT_FOUND.with("no route for " + ctx.method() + " " + ctx.path()));
                }
            });
        });
    }

    /** A pool timeout, or SQLSTATE class 08 (connection exception), as opposed to a bad statement. */
    private static boolean catalogUnreachable(StoreException e) {
        if (e.getCause() instanceof java.sql.SQLTransientException) return true;
        return e.getCause() instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
    }

    private static ApiException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> ApiError.NOT_FOUND.with("no such route");
            case 405 -> ApiError.METHOD_NOT_ALLOWED.with("method not allowed");
            case 413 -> ApiError.FILE_TOO_BIG.with("request body too large");
            default -> e.getStatus() >= 500 ? ApiError.INTERNAL_ERROR.with("internal error")
                    : ApiError.INVALID_PARAMETER.with(String.valueOf(e.getMessage()));
        };
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static Path ensureDir(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    public AssetgateServer start() {
        javalin.start();
        return this;
    }

    public int port() {
        return javalin.port();
    }

    /**
     * Registers every API route through one {@link RouteTable}, each with what it declares (permission,
     * counting; or open), and returns the table (the coverage test reads its registrations).
     */
    public static RouteTable registerRoutes(io.javalin.config.RoutesConfig config, Assetgate app) {
        RouteTable routes = new RouteTable(config, app, app.http());
        new ConsoleRoutes().register(routes); // first: /console/{name} is never a project's route
        new LabelRoutes(app.labels, app.assets).register(routes); // before FileRoutes: "files/labels" is no file uuid
        FileRoutes files = new FileRoutes(app.assets, app.collections, app.metadata);
        files.register(routes);
        new CollectionRoutes(app.collections).register(routes);
        new UploadRoutes(app, files).register(routes);
        new FolderRoutes(app.assets, app.catalog()).register(routes);
        new ObjectRoutes(app.assets).register(routes);
        DeliveryRoutes delivery = new DeliveryRoutes(app, routes);
        delivery.register(routes);
        new VisibilityRoutes(app).register(routes);
        new WidgetRoutes(app.catalog(), app.metadata).register(routes);
        new MetadataRoutes(app.metadata).register(routes);
        new AdminRoutes(app, app.http()).register(routes);
        new SessionRoutes(app, routes).register(routes);
        new AuditRoutes(app).register(routes);
        new TemplateRoutes(app).register(routes);
        new KeyExchangeRoutes(app).register(routes);
        new ApprovalRoutes(app.approvals, app.assets).register(routes);
        new ShareRoutes(app.shares, app.http()).register(routes);
        new PublicShareRoutes(app, delivery).register(routes);
        return routes;
    }

    /** Every registered HTTP route as "METHOD path", so tests can prove each one is covered by an access test. */
    public java.util.List<String> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(r -> r.endpoint.method.name() + " " + r.endpoint.path)
                .toList();
    }

    @Override
    public void close() {
        javalin.stop();
    }


}
