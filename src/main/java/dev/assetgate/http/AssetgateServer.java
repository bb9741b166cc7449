package dev.assetgate.http;

import dev.assetgate.Assetgate;
import dev.assetgate.config.Setting;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.health.DataVolume;
import dev.assetgate.metrics.CatalogStatements;
import dev.assetgate.net.Cidr;
import dev.assetgate.net.ClientIp;
import dev.assetgate.store.PrivateFiles;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import java.nio.file.Path;
import dev.assetgate.webhooks.WebhookWorker;

/**
 * The HTTP server: Javalin on Jetty, CORS, the error envelope, the access log and every routes class.
 * Requests are never logged with their headers, so keys do not reach the log.
 */
public final class AssetgateServer implements AutoCloseable {
    private static final int INPUT_BUFFER = 64 * 1024;
    private final Javalin javalin;
    private final Assetgate app;
    private ManagementServer management;
    private final WebhookWorker webhooks;

    public AssetgateServer(Assetgate app) {
        this.app = app;
        long maxUpload = app.config.longValue(Setting.MAX_UPLOAD_BYTES);
        long maxJson = app.config.longValue(Setting.MAX_JSON_BYTES);
        Path multipartTmp = app.config.dataDir().resolve("tmp");
        Cors cors = new Cors(app.config.list(Setting.CORS_ORIGINS));
        AccessLog accessLog = AccessLog.configured(app.config, app.clock);
        RequestFacts facts = new RequestFacts(new ClientIp(Cidr.parseAll(app.config.list(Setting.TRUSTED_PROXIES))),
                app.config.get(Setting.PUBLIC_URL));
        FailureAnswers failures = new FailureAnswers(app.volume);
        HttpMetrics httpMetrics = new HttpMetrics(app.metrics.registry());
        MetricsRoute metricsRoute = new MetricsRoute(app.metrics, app.config);
        this.webhooks = app.webhookWorker();
        this.javalin = Javalin.create(config -> {
            IndexedRouter.install(config.unsafe); // first: every route goes into it
            config.startup.showJavalinBanner = false;
            facts.install(config); // client address and scheme: resolved once per request, read by everyone
            config.requestLogger.http((ctx, millis) -> {
                httpMetrics.record(ctx, millis, CatalogStatements.endRequest());
                if (accessLog != null) accessLog.write(ctx, millis);
                RequestFacts.endRequest();
            });
            config.jetty.host = app.config.get(Setting.HOST);
            config.jetty.port = app.config.integer(Setting.PORT);
            config.http.maxRequestSize = maxJson;
            // gzip at level 1, nginx's default, not Javalin's 6: a listing of 100 files (82 KB of JSON) then costs
            // the server 13 to 18 % less CPU, for 9.0 KB sent instead of 7.6 (bench/RESULTS.md, 2026-12-04)
            config.http.compressionStrategy = new CompressionStrategy(null, new Gzip(1));
            // Jetty reads request bodies 8 KiB at a time by default: one syscall per 8 KiB of an upload.
            // 64 KiB is the largest size its buffer pool keeps, so the buffers are still pooled.
            config.jetty.modifyHttpConfiguration(http -> http.setInputBufferSize(INPUT_BUFFER));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            config.router.treatMultipleSlashesAsSingleSlash = false;
            config.jetty.multipartConfig.cacheDirectory(ensureDir(multipartTmp).toString());
            config.jetty.multipartConfig.maxFileSize(maxUpload, SizeUnit.BYTES);
            // The file limit is per file: the whole body also carries part headers and JSON side parts,
            // so a file of exactly the limit must fit. Several files in one request share this budget.
            config.jetty.multipartConfig.maxTotalRequestSize(saturatedAdd(maxUpload, maxJson), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(64 * 1024, SizeUnit.BYTES);

            config.routes.before(RequestFacts::startRequest); // first: whatever answers carries the request id
            config.routes.before(ctx -> CatalogStatements.startRequest()); // before any route reads the catalog
            config.routes.before(cors::apply);
            config.routes.before(HttpSupport::refuseMalformedQuery);
            config.routes.before(ctx -> DataVolume.requestFreesSpace(ctx.method() == io.javalin.http.HandlerType.DELETE));
            config.routes.options("/<path>", ctx -> ctx.status(204));
            config.routes.get("/health", ctx -> HttpSupport.send(ctx, 200, Json.success()));
            config.routes.get("/ready", new ReadyRoute(app.readiness(), app.volume, app.images.engineName())::handle);
            config.routes.get("/openapi.json", OpenApiDocument::serve);
            config.routes.get("/metrics", metricsRoute::handle);

            registerRoutes(config.routes, app);

            config.routes.exception(ApiException.class, (e, ctx) -> HttpSupport.sendError(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> HttpSupport.sendError(ctx, fromJavalin(e)));
            config.routes.exception(Exception.class, failures::send);
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    HttpSupport.sendError(ctx, ApiError.NOT_FOUND.with("no route for " + ctx.method() + " " + ctx.path()));
                }
            });
        });
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
            PrivateFiles.createDirectories(dir); // Jetty spools multipart parts there with the umask's permissions
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    public AssetgateServer start() {
        javalin.start();
        if (app.config.get(Setting.METRICS).equals("port")) {
            try {
                management = ManagementServer.start(app.config.get(Setting.METRICS_HOST), app.config.integer(Setting.METRICS_PORT), app.metrics);
            } catch (RuntimeException e) {
                javalin.stop();
                throw e;
            }
        }
        webhooks.start(); // a serving node delivers the event log to webhooks (the CLI never does)
        return this;
    }

    public int port() {
        return javalin.port();
    }

    /** The management port serving /metrics (metrics=port), or -1. */
    public int metricsPort() {
        return management == null ? -1 : management.port();
    }

    /**
     * Registers every API route through one {@link RouteTable}, each with what it declares (permission,
     * counting; or open), and returns the table (the coverage test reads its registrations). Each routes
     * class gets the services it uses, and nothing keeps {@code app} after this returns.
     */
    public static RouteTable registerRoutes(io.javalin.config.RoutesConfig config, Assetgate app) {
        HttpSupport http = new HttpSupport(app.config.longValue(Setting.MAX_JSON_BYTES));
        AssetRendering rendering = new AssetRendering(app.visibility, app.approvals, app.labels, app.products,
                app.fileDetails, app.images,
                app.deliverySigner, app.clock);
        RouteTable routes = new RouteTable(config, app.decider, app.keys, app.sessions, app.templates, app.uploadPolicies, app.airboxes, app.projects, app.audit, http,
                app.metrics.registry());
        new ConsoleRoutes().register(routes); // first: /console/{name} is never a project's route
        // Routes are tried in the order added (among those whose literal segments a request has, IndexedRouter):
        // a route added under /{token}/cdn/ must come before delivery's, or cdn/<path> takes its requests.
        DeliveryRoutes delivery = new DeliveryRoutes(app.assets, app.projects, app.delivery, app.deliverySigner, app.images,
                app.imageSettings, routes, app.config.integer(Setting.CDN_MAX_AGE_SECONDS));
        delivery.register(routes);
        new LabelRoutes(app.labels, app.assets, rendering).register(routes); // before FileRoutes: "files/labels" is no file uuid
        FileRoutes files = new FileRoutes(app.assets, app.collections, app.metadata, rendering, app.clock);
        files.register(routes);
        new VersionRoutes(app.assets, rendering).register(routes);
        new ChangeRoutes(app.assets, app.history).register(routes);
        new CollectionRoutes(app.collections).register(routes);
        UploadRoutes uploads = new UploadRoutes(app.assets, app.volume, app::urlFetcher, app.config.dataDir().resolve("tmp"),
                app.config.longValue(Setting.MAX_JSON_BYTES), files, rendering, app.products);
        uploads.register(routes);
        new TusRoutes(app.tus, app.assets, uploads).register(routes);
        new UploadPolicyRoutes(app.uploadPolicies, app.audit).register(routes);
        new FolderRoutes(app.assets, app.catalog(), rendering).register(routes);
        new ObjectRoutes(app.assets, rendering).register(routes);
        new VisibilityRoutes(app.assets, app.visibility, app.deliverySigner, app.images, app.clock, rendering).register(routes);
        new WidgetRoutes(app.catalog(), app.metadata).register(routes);
        new ImageRoutes(app.assets, app.imageSettings, rendering).register(routes);
        new MetadataRoutes(app.metadata).register(routes);
        new AccountFeatureRoutes().register(routes);
        new BulkRoutes(app.assets, app.edits, rendering).register(routes);
        new CsvRoutes(app.assets, app.edits, rendering, app.config.dataDir().resolve("tmp")).register(routes);
        new ProductRoutes(app.assets, app.products, rendering).register(routes);
        new AdminRoutes(app.projects, app.keys, app.templates, app.visibility, app.assets, app.decider, app.audit, http).register(routes);
        new SessionRoutes(app.sessions, app.audit, http, routes).register(routes);
        new AuditRoutes(app.audit, app.events, app.clock).register(routes);
        new TemplateRoutes(app.templates, app.decider, app.audit, http, app.clock).register(routes);
        new KeyExchangeRoutes(app.templates, app.projects, app.decider, app.audit, http).register(routes);
        new ApprovalRoutes(app.approvals, app.assets).register(routes);
        new ShareRoutes(app.shares, http).register(routes);
        new WebhookRoutes(app.webhooks, app.decider, http).register(routes);
        new PublicShareRoutes(app.shares, delivery).register(routes);
        new AirboxRoutes(app.airboxes).register(routes);
        new PublicAirboxRoutes(app.airboxes, http).register(routes);
        new ArchiveRoutes(app.archives, app.assets, app.shares, http).register(routes);
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
        webhooks.stop();
        if (management != null) management.close();
        javalin.stop();
    }


}
