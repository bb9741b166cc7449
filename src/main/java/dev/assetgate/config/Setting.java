package dev.assetgate.config;

/**
 * Every configuration setting: its key in the configuration file, its environment variable, its
 * default and what it means. The configuration table of docs/operations.md mirrors this list
 * (SettingsDocTest holds it to this enum).
 */
public enum Setting {
    HOST("host", "0.0.0.0", "Address the HTTP server binds to."),
    PORT("port", "8080", "HTTP port (0 picks a free one)."),
    DATA_DIR("data-dir", "./data", "Directory for the SQLite catalog, the blobs and the generated server secret."),
    SECRET("secret", "", "Server secret for key hashes (at least 32 characters). Empty: read or create <data-dir>/secret.key."),
    SECRET_FILE("secret-file", "", "File holding the server secret, used when 'secret' is empty. Default <data-dir>/secret.key."),
    PREVIOUS_SECRETS("previous-secrets", "", "Comma-separated former server secrets: SASS keys they signed still verify during a rotation (API keys must be re-issued)."),
    CATALOG("catalog", "sqlite", "Catalog engine: sqlite (in the data dir) or postgres."),
    POSTGRES_URL("postgres-url", "", "JDBC URL of the PostgreSQL catalog, e.g. jdbc:postgresql://127.0.0.1:5432/assetgate (user and password may be inside)."),
    POSTGRES_USER("postgres-user", "", "PostgreSQL user, when not in the URL."),
    POSTGRES_PASSWORD("postgres-password", "", "PostgreSQL password, when not in the URL."),
    POSTGRES_TIMEOUT("postgres-timeout", "2s", "Longest wait on PostgreSQL (a duration like 2s): for a connection, and for a statement (cancelled after it; a connection silent one second more is dropped). The request then answers 503 CATALOG_UNAVAILABLE, at worst after twice this plus one second."),
    BLOBS("blobs", "fs", "Blob store: fs (in the data dir) or s3."),
    S3_ENDPOINT("s3-endpoint", "", "S3-compatible endpoint URL, e.g. http://127.0.0.1:9000 (empty: AWS)."),
    S3_REGION("s3-region", "us-east-1", "S3 region."),
    S3_BUCKET("s3-bucket", "assetgate", "S3 bucket (created when missing)."),
    S3_ACCESS_KEY("s3-access-key", "", "S3 access key id."),
    S3_SECRET_KEY("s3-secret-key", "", "S3 secret access key."),
    S3_PATH_STYLE("s3-path-style", "true", "Path-style S3 addressing (needed by most self-hosted S3 servers)."),
    COUNTERS("counters", "memory", "Rate-limit counters and revocation feed: memory (one node) or redis (a cluster)."),
    REDIS_URL("redis-url", "redis://127.0.0.1:6379", "Redis URL for counters=redis: redis://[:password@]host:port[/db], or rediss:// for TLS."),
    REDIS_PREFIX("redis-prefix", "assetgate:", "Prefix of every Redis key and of the invalidation channel: the nodes of one cluster share it; separate clusters on one Redis need different ones."),
    REDIS_TIMEOUT_MS("redis-timeout-ms", "500", "Milliseconds a limited request waits for Redis's decision (and for a connect); longer: 503 SERVICE_UNAVAILABLE, and nothing is counted."),
    PUBLIC_URL("public-url", "", "Base URL used in url.cdn / url.permalink (e.g. https://dam.example.com). Empty: taken from the request's Host header."),
    DISK_WARN_PERCENT("disk-warn-percent", "90", "A warning is logged and shown by /ready when the data directory's volume is fuller than this (percent)."),
    DISK_RESERVE_BYTES("disk-reserve-bytes", "8388608", "Bytes kept in <data-dir>/space-reserve and released when the volume is full, so deletes (which SQLite must log before it frees anything) still work. 0: no reserve."),
    CORS_ORIGINS("cors-origins", "*", "Comma-separated origins allowed by CORS, or * for any."),
    ACCESS_LOG("access-log", "plain", "One line per HTTP request on standard output (method, path without secrets, status, duration, key id, client IP): plain, json, or off."),
    LOG_FORMAT("log-format", "plain", "The server's log on standard error: plain lines, or json (one JSON object per line, with the request id of the request being served)."),
    METRICS("metrics", "off", "Prometheus metrics at GET /metrics: off; port (only on metrics-host:metrics-port, never the public port); or token (on the public port, answering only Authorization: Bearer <metrics-token>)."),
    METRICS_HOST("metrics-host", "127.0.0.1", "Address the management port of metrics=port binds to."),
    METRICS_PORT("metrics-port", "9464", "Management port serving GET /metrics when metrics=port (0 picks a free one)."),
    METRICS_TOKEN("metrics-token", "", "Bearer token for metrics=token, at least 32 characters."),
    TRUSTED_PROXIES("trusted-proxies", "", "Comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed. Empty: the socket address is the client."),
    MAX_UPLOAD_BYTES("max-upload-bytes", "2147483648", "Largest accepted file, in bytes, on every upload path."),
    MAX_JSON_BYTES("max-json-bytes", "67108864", "Largest accepted JSON body (base64 uploads included), in bytes."),
    GEOIP_DATABASE("geoip-database", "", "MaxMind-format country database (.mmdb) for whitelist_countries. Empty: country-restricted templates refuse every request (fail closed)."),
    KEY_EXCHANGE_PER_MINUTE("key-exchange-per-minute", "5", "SASS key exchanges (GET /{token}/key/{template}) allowed per template per source IP per minute, unless the template sets exchange.limit_per_source_ip."),
    SASS_CLOCK_LEEWAY_SECONDS("sass-clock-leeway-seconds", "30", "Seconds a SASS key is still accepted after its expiry, for clocks that drift between nodes."),
    DEFAULT_VISIBILITY("default-visibility", "public", "Visibility of files and folders that inherit it up to a project without a default of its own: public (url.cdn served without a key, like Filerobot's public CDN) or not_public."),
    CDN_PUBLIC("cdn-public", "true", "Deprecated: false is the same as default-visibility=not_public (and wins over it); true changes nothing."),
    SIGNED_URL_MAX_SECONDS("signed-url-max-seconds", "86400", "Longest lifetime of a signed delivery URL, in seconds (1 to 2592000)."),
    UPLOAD_POLICY_MAX_SECONDS("upload-policy-max-seconds", "3600", "Longest lifetime of a single-use upload policy, in seconds (1 to 86400)."),
    URL_UPLOAD_ALLOW("url-upload-allow", "", "Comma-separated CIDRs that URL uploads may reach even though they are loopback/private/link-local."),
    URL_UPLOAD_TIMEOUT_SECONDS("url-upload-timeout-seconds", "30", "Total time allowed to fetch one URL upload."),
    URL_UPLOAD_MAX_REDIRECTS("url-upload-max-redirects", "3", "Redirects followed by a URL upload (each target re-checked)."),
    SHARE_PASSWORD_ATTEMPTS_PER_IP("share-password-attempts-per-ip", "10", "Share password checks allowed per source IP in any 10 minutes, over all shares."),
    SHARE_PASSWORD_ATTEMPTS_PER_SHARE("share-password-attempts-per-share", "30", "Password checks allowed per share in any 10 minutes, over all source IPs."),
    CONSOLE_SESSION_IDLE("console-session-idle", "30m", "A console session ends after this long without a request (a duration: 90s, 30m, 12h, 1d; a bare number is seconds)."),
    CONSOLE_SESSION_MAX("console-session-max", "12h", "A console session ends this long after sign-in, however busy (a duration like console-session-idle)."),
    IMAGE_MAX_PIXELS("image-max-pixels", "100000000", "Largest source image (width x height, as its header declares) that url.cdn transforms; larger ones are refused before decoding."),
    IMAGE_MAX_DIMENSION("image-max-dimension", "4096", "Largest width or height of a transformed image, in pixels (w, h and dpr are lowered to it)."),
    IMAGE_WORKERS("image-workers", "0", "Image transformations computed at once on a node; 0 means one per CPU core."),
    IMAGE_QUEUE("image-queue", "16", "Transformations that may wait for a worker; one more is answered 503 with Retry-After."),
    IMAGE_CACHE_MAX_BYTES("image-cache-max-bytes", "10737418240", "Total size of stored derivatives; beyond it the oldest are deleted."),
    IMAGE_ENGINE("image-engine", "auto", "Image engine: auto (libvips when it loads, else pure Java), vips (refuse to start without libvips) or java."),
    IMAGE_ACCEPT_FORMATS("image-accept-formats", "webp", "Comma-separated formats (webp, avif), in order of preference, that a transformation without force_format takes when the request's Accept lists them and the engine writes them; empty: never from Accept."),
    CDN_MAX_AGE_SECONDS("cdn-max-age-seconds", "3600", "max-age of Cache-Control: public on public files and their derivatives in url.cdn."),
    CDN_MEMORY_BYTES("cdn-memory-bytes", "67108864", "Memory in which url.cdn holds the bytes of files up to 64 KiB, and as much again for derivatives (thumbnails) up to 64 KiB (0: none; the files' rows and visibility are held all the same, and read again within a second of a change elsewhere)."),
    ARCHIVE_MAX_FILES("archive-max-files", "10000", "Most files in one ZIP archive (file-archive); a larger selection is refused before anything is built."),
    ARCHIVE_MAX_BYTES("archive-max-bytes", "10737418240", "Most bytes of files in one ZIP archive; a larger selection is refused before anything is built."),
    ARCHIVE_WORKERS("archive-workers", "2", "ZIP archives built at once on a node."),
    ARCHIVE_QUEUE("archive-queue", "32", "ZIP archives that may wait for a worker on a node; one more is answered 503 with Retry-After."),
    TUS_TTL("tus-ttl", "24h", "How long an unfinished resumable (tus) upload is kept after its last PATCH (its Upload-Expires); then a sweep on any node deletes it and its parts (a duration like console-session-idle)."),
    ARCHIVE_TTL("archive-ttl", "1h", "How long a ZIP archive (its task and its zip) is kept after its last progress (a duration like console-session-idle)."),
    AUDIT_RETENTION_DAYS("audit-retention-days", "90", "Audit events and per-minute request counts older than this many days are deleted by the hourly sweep."),
    WEBHOOK_ALLOW("webhook-allow", "", "Comma-separated CIDRs that webhooks may be sent to even though they are loopback/private/link-local (off by default; tests allow 127.0.0.1/32)."),
    WEBHOOK_TIMEOUT_SECONDS("webhook-timeout-seconds", "10", "Time a webhook receiver has to answer one delivery."),
    WEBHOOK_POLL_MILLIS("webhook-poll-millis", "1000", "How often each node looks for events to deliver to webhooks."),
    WEBHOOK_RETRY_BASE_SECONDS("webhook-retry-base-seconds", "10", "Wait after a webhook delivery's first failed attempt; it doubles with each further failure (at most an hour)."),
    WEBHOOK_MAX_ATTEMPTS("webhook-max-attempts", "10", "Attempts of one webhook delivery before it is marked failed (a redelivery starts again).");

    public final String key;
    public final String defaultValue;
    public final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** ASSETGATE_ + the key in upper snake case, e.g. ASSETGATE_DATA_DIR. */
    public String env() {
        return "ASSETGATE_" + name();
    }
}
