package dev.assetgate;

import dev.assetgate.access.Decider;
import dev.assetgate.access.TemplateLimits;
import dev.assetgate.policies.UploadPolicies;
import dev.assetgate.policies.UploadPolicyCodec;
import dev.assetgate.policies.UploadPolicyLimits;
import dev.assetgate.store.jdbc.JdbcUploadPolicyUses;
import dev.assetgate.airbox.AirboxLimits;
import dev.assetgate.airbox.AirboxPass;
import dev.assetgate.airbox.AirboxService;
import dev.assetgate.store.jdbc.JdbcAirboxStore;
import dev.assetgate.access.ApiKeyService;
import dev.assetgate.access.KeyHasher;
import dev.assetgate.access.ServerSecret;
import dev.assetgate.approvals.ApprovalService;
import dev.assetgate.archives.ArchiveService;
import dev.assetgate.assets.AssetService;
import dev.assetgate.assets.DeliveryCache;
import dev.assetgate.assets.OrphanSweeper;
import dev.assetgate.assets.UrlFetcher;
import dev.assetgate.audit.AuditLog;
import dev.assetgate.collections.CollectionService;
import dev.assetgate.console.SessionService;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.health.DataVolume;
import dev.assetgate.health.Readiness;
import dev.assetgate.health.ScratchSweeper;
import dev.assetgate.images.Derivatives;
import dev.assetgate.images.ImageEngine;
import dev.assetgate.images.ImageEngines;
import dev.assetgate.images.ImageSettingsService;
import dev.assetgate.labels.LabelService;
import dev.assetgate.limits.Counters;
import dev.assetgate.metadata.MetadataService;
import dev.assetgate.limits.InvalidationFeed;
import dev.assetgate.limits.LocalCounters;
import dev.assetgate.limits.LocalInvalidationFeed;
import dev.assetgate.limits.RedisConnection;
import dev.assetgate.limits.RedisCounters;
import dev.assetgate.limits.RedisInvalidationFeed;
import dev.assetgate.metrics.MeteredBlobStore;
import dev.assetgate.metrics.MeteredCounters;
import dev.assetgate.metrics.ServerMetrics;
import dev.assetgate.net.Cidr;
import dev.assetgate.net.GeoIp;
import dev.assetgate.net.MaxMindGeoIp;
import dev.assetgate.store.jdbc.JdbcShareStore;
import dev.assetgate.store.jdbc.JdbcTemplateStore;
import dev.assetgate.sharing.PasswordHasher;
import dev.assetgate.sharing.ShareAccess;
import dev.assetgate.sharing.ShareService;
import dev.assetgate.templates.SassCodec;
import dev.assetgate.templates.TemplateService;
import dev.assetgate.store.AssetCatalog;
import dev.assetgate.store.PrivateFiles;
import dev.assetgate.store.CachedApiKeyStore;
import dev.assetgate.store.CachedFileDetails;
import dev.assetgate.store.CachedProjectStore;
import dev.assetgate.store.FileDetails;
import dev.assetgate.store.ProjectStore;
import dev.assetgate.store.BlobStore;
import dev.assetgate.store.blob.FsBlobStore;
import dev.assetgate.store.blob.S3BlobStore;
import dev.assetgate.store.blob.S3Settings;
import dev.assetgate.store.jdbc.Database;
import dev.assetgate.store.jdbc.JdbcDerivativeStore;
import dev.assetgate.store.jdbc.JdbcImageSettingsStore;
import dev.assetgate.store.jdbc.JdbcApiKeyStore;
import dev.assetgate.store.jdbc.JdbcApprovalStore;
import dev.assetgate.store.jdbc.JdbcArchiveStore;
import dev.assetgate.store.jdbc.JdbcTusStore;
import dev.assetgate.tus.TusService;
import dev.assetgate.store.jdbc.JdbcAssetCatalog;
import dev.assetgate.store.jdbc.JdbcFileVersions;
import dev.assetgate.store.jdbc.JdbcStorageSettingsStore;
import dev.assetgate.store.jdbc.JdbcCollectionStore;
import dev.assetgate.store.jdbc.JdbcLabelStore;
import dev.assetgate.store.jdbc.JdbcMetadataStore;
import dev.assetgate.store.jdbc.JdbcProjectStore;
import dev.assetgate.store.jdbc.JdbcSessionStore;
import dev.assetgate.store.jdbc.JdbcAuditStore;
import dev.assetgate.store.jdbc.JdbcVisibilityStore;
import dev.assetgate.visibility.DeliverySigner;
import dev.assetgate.visibility.VisibilityService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.time.Duration;
import dev.assetgate.edits.EditService;
import dev.assetgate.events.EventStore;
import dev.assetgate.events.History;
import dev.assetgate.net.PublicAddressResolver;
import dev.assetgate.products.ProductService;
import dev.assetgate.store.jdbc.JdbcEditTaskStore;
import dev.assetgate.store.jdbc.JdbcEventStore;
import dev.assetgate.store.jdbc.JdbcFileDetails;
import dev.assetgate.store.jdbc.JdbcProductStore;
import dev.assetgate.store.jdbc.JdbcWebhookStore;
import dev.assetgate.webhooks.WebhookSender;
import dev.assetgate.webhooks.WebhookService;
import dev.assetgate.webhooks.WebhookSigner;
import dev.assetgate.webhooks.WebhookStore;
import dev.assetgate.webhooks.WebhookWorker;

/**
 * The composition root: builds the adapters (catalog, blobs, counters) and the services from the
 * configuration, for the HTTP server and the CLI alike, so both act on the same data the same way.
 * Nothing reaches into it while serving: the server hands each routes class the services it uses.
 */
public final class Assetgate implements AutoCloseable {
    public final AssetgateConfig config;
    public final Clock clock;
    public final Database database;
    public final ProjectStore projects;
    public final ApiKeyService keys;
    public final SessionService sessions;
    public final AuditLog audit;
    public final Decider decider;
    public final AssetService assets;
    /** url.cdn's memory of files by path (rows, visibility, small files' bytes), dropped by every change of their project. */
    public final DeliveryCache delivery;
    /** File details (the file with its labels, approval, product, visibility settings), held like {@link #delivery}. */
    public final FileDetails.Store fileDetails;
    /** Image transformations on url.cdn and their cache. */
    public final Derivatives images;
    public final ImageSettingsService imageSettings;
    public final TemplateService templates;
    public final UploadPolicies uploadPolicies;
    public final ApprovalService approvals;
    public final ShareService shares;
    public final AirboxService airboxes;
    public final VisibilityService visibility;
    public final DeliverySigner deliverySigner;
    public final LabelService labels;
    public final CollectionService collections;
    public final MetadataService metadata;
    public final EditService edits;
    public final ProductService products;
    public final DataVolume volume;
    /** ZIP archives of a selection (file-archive). */
    public final ArchiveService archives;
    /** Resumable (tus) uploads between their creation and their file. */
    public final TusService tus;
    /** The node's meters (none with metrics=off): every adapter and service below records into them. */
    public final ServerMetrics metrics;
    /** The event log (every change's event, written in the change's own transaction) and what reads it. */
    public final EventStore events;
    public final History history;
    public final WebhookService webhooks;
    private final WebhookStore webhookStore;
    private final WebhookSigner webhookSigner;
    private WebhookWorker webhookWorker;
    private final GeoIp geoIp;
    private final JdbcAssetCatalog catalog;
    private final BlobStore blobs;
    private final RedisConnection redis;
    private final InvalidationFeed invalidations;
    private UrlFetcher urlFetcher;

    private Assetgate(AssetgateConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        ImageEngine imageEngine = ImageEngines.choose(config.get(Setting.IMAGE_ENGINE)); // image-engine=vips without libvips stops here, before anything opens
        boolean dataDirExisted = java.nio.file.Files.isDirectory(config.dataDir());
        this.metrics = ServerMetrics.configured(config);
        this.database = openCatalog(config);
        database.bindTo(metrics.registry());
        database.useClock(clock);
        this.volume = new DataVolume(config.dataDir(), config.longValue(Setting.DISK_RESERVE_BYTES), config.integer(Setting.DISK_WARN_PERCENT));
        volume.bindTo(metrics.registry());
        volume.check(); // sets the reserve aside, warns when already nearly full
        scratchSweeper(ORPHAN_GRACE).sweep(); // what a crash left in the temporary areas
        if (!config.get(Setting.CATALOG).equals("postgres")) database.whenFull(volume::releaseReserve);
        this.projects = new CachedProjectStore(new JdbcProjectStore(database, clock));
        this.events = new JdbcEventStore(database);
        this.history = new History(events);
        byte[] secret = ServerSecret.resolve(config);
        this.audit = new AuditLog(new JdbcAuditStore(database), clock, () -> projects.defaultCompany().id());
        audit.bindTo(metrics.registry());
        String geoipPath = config.get(Setting.GEOIP_DATABASE);
        this.geoIp = geoipPath.isEmpty() ? GeoIp.NONE : new MaxMindGeoIp(Path.of(geoipPath));
        List<byte[]> previous = config.list(Setting.PREVIOUS_SECRETS).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        // counters=redis: counters and invalidation feed shared by every node; memory: this process alone
        this.redis = config.get(Setting.COUNTERS).equals("redis")
                ? RedisConnection.open(config.get(Setting.REDIS_URL), config.get(Setting.REDIS_PREFIX),
                        Duration.ofMillis(config.longValue(Setting.REDIS_TIMEOUT_MS)))
                : null;
        Counters counters = new MeteredCounters(redis == null ? new LocalCounters(clock) : new RedisCounters(redis),
                config.get(Setting.COUNTERS), metrics.registry());
        this.invalidations = redis == null ? new LocalInvalidationFeed() : new RedisInvalidationFeed(redis);
        CachedApiKeyStore keyCache = new CachedApiKeyStore(new JdbcApiKeyStore(database), invalidations);
        keyCache.bindTo(metrics.registry());
        this.keys = new ApiKeyService(keyCache, projects, new KeyHasher(secret), clock);
        this.sessions = new SessionService(new JdbcSessionStore(database), keys, secret, clock,
                config.duration(Setting.CONSOLE_SESSION_IDLE), config.duration(Setting.CONSOLE_SESSION_MAX));
        this.templates = new TemplateService(new JdbcTemplateStore(database, clock), new SassCodec(secret, previous),
                counters, invalidations, geoIp, clock, Duration.ofSeconds(config.integer(Setting.SASS_CLOCK_LEEWAY_SECONDS)),
                config.integer(Setting.KEY_EXCHANGE_PER_MINUTE));
        templates.bindTo(metrics.registry());
        this.airboxes = new AirboxService(new JdbcAirboxStore(database), counters, new PasswordHasher(), new AirboxPass(secret), clock,
                config.integer(Setting.SHARE_PASSWORD_ATTEMPTS_PER_IP), config.integer(Setting.SHARE_PASSWORD_ATTEMPTS_PER_SHARE));
        this.catalog = new JdbcAssetCatalog(database, clock);
        this.visibility = new VisibilityService(new JdbcVisibilityStore(database), config.defaultVisibility());
        this.deliverySigner = new DeliverySigner(secret, previous, clock, Duration.ofSeconds(config.longValue(Setting.SIGNED_URL_MAX_SECONDS)));
        this.labels = new LabelService(new JdbcLabelStore(database, clock));
        this.collections = new CollectionService(new JdbcCollectionStore(database, clock), labels, catalog);
        try {
            this.blobs = new MeteredBlobStore(openBlobStore(config, clock), config.get(Setting.BLOBS), metrics.registry());
        } catch (RuntimeException e) {
            closeRedis();
            audit.close();
            database.close();
            metrics.close();
            throw e;
        }
        this.metadata = new MetadataService(new JdbcMetadataStore(database), clock);
        int workers = config.integer(Setting.IMAGE_WORKERS);
        this.images = new Derivatives(imageEngine, blobs, new JdbcDerivativeStore(database), clock,
                new Derivatives.Limits(config.longValue(Setting.IMAGE_MAX_PIXELS), config.integer(Setting.IMAGE_MAX_DIMENSION),
                        workers > 0 ? workers : Runtime.getRuntime().availableProcessors(), config.integer(Setting.IMAGE_QUEUE),
                        config.longValue(Setting.IMAGE_CACHE_MAX_BYTES)),
                config.list(Setting.IMAGE_ACCEPT_FORMATS), config.longValue(Setting.CDN_MEMORY_BYTES));
        images.bindTo(metrics.registry());
        this.imageSettings = new ImageSettingsService(new JdbcImageSettingsStore(database), clock, config.integer(Setting.IMAGE_MAX_DIMENSION));
        this.assets = new AssetService(catalog, blobs, clock, config.longValue(Setting.MAX_UPLOAD_BYTES), metadata::validate, images,
                new JdbcStorageSettingsStore(database), new JdbcFileVersions(database, clock), imageSettings::get);
        this.uploadPolicies = new UploadPolicies(new UploadPolicyCodec(secret, previous), new JdbcUploadPolicyUses(database), keys, projects,
                audit, clock, Duration.ofSeconds(config.longValue(Setting.UPLOAD_POLICY_MAX_SECONDS)), assets::checkMeta);
        // each upload-only principal's limits wrap the keys' own: Airboxes, then upload policies, then templates
        this.decider = new Decider(projects::find, geoIp,
                new AirboxLimits(airboxes, new UploadPolicyLimits(new TemplateLimits(templates), uploadPolicies)));
        this.delivery = new DeliveryCache(assets, visibility, config.longValue(Setting.CDN_MEMORY_BYTES));
        database.outbox().onCommitted(delivery::changed);
        CachedFileDetails details = new CachedFileDetails(new JdbcFileDetails(database));
        database.outbox().onCommitted(details::changed);
        this.fileDetails = details;
        this.products = new ProductService(new JdbcProductStore(database), clock);
        this.edits = new EditService(new JdbcEditTaskStore(database), catalog, metadata::validate, clock);
        this.approvals = new ApprovalService(new JdbcApprovalStore(database), clock);
        this.webhookStore = new JdbcWebhookStore(database);
        this.webhookSigner = new WebhookSigner(secret);
        this.webhooks = new WebhookService(webhookStore, webhookSigner, webhookTargets(config), clock);
        this.shares = new ShareService(new JdbcShareStore(database), catalog, counters, new PasswordHasher(), new ShareAccess(secret), clock,
                config.integer(Setting.SHARE_PASSWORD_ATTEMPTS_PER_IP), config.integer(Setting.SHARE_PASSWORD_ATTEMPTS_PER_SHARE));
        this.archives = new ArchiveService(new JdbcArchiveStore(database), catalog, blobs, config.dataDir().resolve("tmp"), clock,
                new ArchiveService.Limits(config.integer(Setting.ARCHIVE_MAX_FILES), config.longValue(Setting.ARCHIVE_MAX_BYTES),
                        config.integer(Setting.ARCHIVE_WORKERS), config.integer(Setting.ARCHIVE_QUEUE), config.duration(Setting.ARCHIVE_TTL)));
        this.tus = new TusService(new JdbcTusStore(database), blobs, clock, config.duration(Setting.TUS_TTL), Duration.ofMinutes(1));
        PrivateFiles.secureDataDir(config.dataDir(), dataDirExisted);
    }

    /** blobs=fs: files under the data directory; blobs=s3: one bucket, shared by every node. */
    private static BlobStore openBlobStore(AssetgateConfig config, Clock clock) {
        if (config.get(Setting.BLOBS).equals("s3")) {
            return S3BlobStore.connect(S3Settings.from(config), clock);
        }
        try {
            return new FsBlobStore(config.dataDir().resolve("blobs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the blob directory", e);
        }
    }

    private static Database openCatalog(AssetgateConfig config) {
        if (config.get(Setting.CATALOG).equals("postgres")) {
            return Database.postgres(config.get(Setting.POSTGRES_URL), config.get(Setting.POSTGRES_USER),
                    config.get(Setting.POSTGRES_PASSWORD), config.duration(Setting.POSTGRES_TIMEOUT));
        }
        return Database.sqlite(config.dataDir().resolve("catalog.db"));
    }

    public static Assetgate open(AssetgateConfig config) {
        return open(config, Clock.systemUTC());
    }

    /** With another clock: tests move time by hand instead of sleeping until something expires. */
    public static Assetgate open(AssetgateConfig config, Clock clock) {
        return new Assetgate(config, clock);
    }

    /** Blobs younger than this are never collected: an upload between its blob and its row is that young. */
    public static final Duration ORPHAN_GRACE = Duration.ofHours(1);

    public OrphanSweeper orphanSweeper(Duration grace) {
        return new OrphanSweeper(blobs, catalog, clock, grace);
    }

    /** The services this node needs to serve: the catalog, the blob store, and Redis when the limits live there. */
    public Readiness readiness() {
        java.util.Map<String, Readiness.Probe> probes = new java.util.LinkedHashMap<>();
        probes.put("catalog", () -> database.withConnection(c -> {
            if (!c.isValid(2)) throw new java.sql.SQLException("the connection did not answer");
            return null;
        }));
        probes.put("blobs", () -> blobs.exists(".assetgate-ready")); // a lookup, so an unreachable S3 fails it
        if (redis != null) probes.put("redis", () -> redis.commands().ping());
        return new Readiness(probes);
    }

    /** The sweeper of the data directory's temporary areas (run at start, then hourly by serve). */
    public ScratchSweeper scratchSweeper(Duration grace) {
        return new ScratchSweeper(ScratchSweeper.areasOf(config.dataDir()), clock, grace);
    }

    /** The blob store (tests look at it directly). */
    public BlobStore blobs() {
        return blobs;
    }

    public AssetCatalog catalog() {
        return catalog;
    }

    private static PublicAddressResolver webhookTargets(AssetgateConfig config) {
        return new PublicAddressResolver(Cidr.parseAll(config.list(Setting.WEBHOOK_ALLOW)),
                "webhooks are only sent to public addresses", IllegalStateException::new, IllegalStateException::new);
    }

    /**
     * The webhook worker of this node (the server starts it; the CLI never does): delivers the event log
     * to the projects' endpoints. Created on first use.
     */
    public synchronized WebhookWorker webhookWorker() {
        if (webhookWorker == null) {
            webhookWorker = new WebhookWorker(webhookStore,
                    new WebhookSender(Cidr.parseAll(config.list(Setting.WEBHOOK_ALLOW)),
                            Duration.ofSeconds(config.integer(Setting.WEBHOOK_TIMEOUT_SECONDS))),
                    webhookSigner, clock, new WebhookWorker.Settings(
                            Duration.ofMillis(config.integer(Setting.WEBHOOK_POLL_MILLIS)),
                            Duration.ofSeconds(3L * config.integer(Setting.WEBHOOK_TIMEOUT_SECONDS)), // the claim outlives one send
                            Duration.ofSeconds(config.integer(Setting.WEBHOOK_RETRY_BASE_SECONDS)), config.integer(Setting.WEBHOOK_MAX_ATTEMPTS)));
        }
        return webhookWorker;
    }

    /** The URL-upload client, started on first use (the CLI never needs it). */
    public synchronized UrlFetcher urlFetcher() {
        if (urlFetcher == null) {
            urlFetcher = new UrlFetcher(Cidr.parseAll(config.list(Setting.URL_UPLOAD_ALLOW)),
                    Duration.ofSeconds(config.integer(Setting.URL_UPLOAD_TIMEOUT_SECONDS)),
                    config.integer(Setting.URL_UPLOAD_MAX_REDIRECTS));
        }
        return urlFetcher;
    }

    @Override
    public synchronized void close() {
        if (webhookWorker != null) webhookWorker.close();
        tus.close();
        archives.close(); // builds stop before the blob store and the catalog close
        if (urlFetcher != null) {
            try {
                urlFetcher.close();
            } catch (Exception ignored) {
                // shutting down
            }
        }
        if (geoIp instanceof MaxMindGeoIp reader) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
        if (blobs instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // shutting down
            }
        }
        closeRedis();
        audit.close(); // writes what is still queued, before the catalog closes
        database.close();
        metrics.close();
    }

    private void closeRedis() {
        invalidations.close();
        if (redis != null) redis.close();
    }
}
