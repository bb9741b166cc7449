package dev.assetgate.config;

import dev.assetgate.net.Cidr;
import dev.assetgate.visibility.Visibility;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Typed configuration, validated when loaded. Each value comes from (highest first) a command-line
 * flag, the environment variable, the configuration file (Java properties, keys as in {@link Setting}),
 * or the default.
 */
public final class AssetgateConfig {
    private final Map<Setting, String> values;

    private AssetgateConfig(Map<Setting, String> values) {
        this.values = values;
        validate();
    }

    public static AssetgateConfig load(Path configFile, Map<String, String> env, Map<Setting, String> flags) {
        Properties file = new Properties();
        if (configFile != null) {
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read configuration file " + configFile + ": " + e.getMessage());
            }
            for (String key : file.stringPropertyNames()) {
                if (Arrays.stream(Setting.values()).noneMatch(s -> s.key.equals(key))) {
                    throw new IllegalArgumentException("unknown setting '" + key + "' in " + configFile);
                }
            }
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String value = flags.get(s);
            if (value == null) value = env.get(s.env());
            if (value == null) value = file.getProperty(s.key);
            if (value == null) value = s.defaultValue;
            values.put(s, value.trim());
        }
        return new AssetgateConfig(values);
    }

    /** Defaults plus the given overrides; for tests and embedding. */
    public static AssetgateConfig of(Map<Setting, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    private void validate() {
        int port = integer(Setting.PORT);
        if (port < 0 || port > 65535) throw invalid(Setting.PORT, "must be 0..65535");
        if (longValue(Setting.MAX_UPLOAD_BYTES) <= 0) throw invalid(Setting.MAX_UPLOAD_BYTES, "must be positive");
        if (longValue(Setting.MAX_JSON_BYTES) <= 0) throw invalid(Setting.MAX_JSON_BYTES, "must be positive");
        if (integer(Setting.URL_UPLOAD_TIMEOUT_SECONDS) <= 0) throw invalid(Setting.URL_UPLOAD_TIMEOUT_SECONDS, "must be positive");
        if (integer(Setting.URL_UPLOAD_MAX_REDIRECTS) < 0) throw invalid(Setting.URL_UPLOAD_MAX_REDIRECTS, "must be 0 or more");
        for (Setting ranges : List.of(Setting.TRUSTED_PROXIES, Setting.URL_UPLOAD_ALLOW, Setting.WEBHOOK_ALLOW)) {
            try {
                Cidr.parseAll(list(ranges)); // refused at start, not at the first request that needs them
            } catch (IllegalArgumentException e) {
                throw invalid(ranges, "is refused: " + e.getMessage());
            }
        }
        oneOf(Setting.CATALOG, "sqlite", "postgres");
        oneOf(Setting.BLOBS, "fs", "s3");
        oneOf(Setting.COUNTERS, "memory", "redis");
        oneOf(Setting.S3_PATH_STYLE, "true", "false");
        oneOf(Setting.ACCESS_LOG, "plain", "json", "off");
        oneOf(Setting.LOG_FORMAT, "plain", "json");
        oneOf(Setting.METRICS, "off", "port", "token");
        if (get(Setting.METRICS).equals("token") && get(Setting.METRICS_TOKEN).length() < 32) {
            // the value is a secret: never in the message
            throw new IllegalArgumentException("setting " + Setting.METRICS_TOKEN.key + " (" + Setting.METRICS_TOKEN.env()
                    + ") must be at least 32 characters when metrics=token");
        }
        int metricsPort = integer(Setting.METRICS_PORT);
        if (metricsPort < 0 || metricsPort > 65535) throw invalid(Setting.METRICS_PORT, "must be 0..65535");
        if (get(Setting.METRICS).equals("port") && metricsPort != 0 && metricsPort == port) {
            throw invalid(Setting.METRICS_PORT, "must differ from the public port");
        }
        if (get(Setting.COUNTERS).equals("redis")) {
            String url = get(Setting.REDIS_URL);
            if (!url.startsWith("redis://") && !url.startsWith("rediss://")) { // the value is not echoed: it may hold a password
                throw new IllegalArgumentException("setting " + Setting.REDIS_URL.key + " (" + Setting.REDIS_URL.env() + ") must start with redis:// or rediss://");
            }
            long timeout = longValue(Setting.REDIS_TIMEOUT_MS);
            if (timeout < 1 || timeout > 60_000) throw invalid(Setting.REDIS_TIMEOUT_MS, "must be 1..60000");
            if (get(Setting.REDIS_PREFIX).isEmpty()) throw invalid(Setting.REDIS_PREFIX, "must not be empty (it keeps Assetgate's keys apart)");
        }
        if (get(Setting.CATALOG).equals("postgres") && get(Setting.POSTGRES_URL).isEmpty()) {
            throw invalid(Setting.POSTGRES_URL, "is required when catalog=postgres");
        }
        if (get(Setting.BLOBS).equals("s3")) {
            validateS3();
        }
        oneOf(Setting.CDN_PUBLIC, "true", "false");
        oneOf(Setting.DEFAULT_VISIBILITY, "public", "not_public");
        oneOf(Setting.IMAGE_ENGINE, "auto", "vips", "java");
        for (String format : list(Setting.IMAGE_ACCEPT_FORMATS)) {
            if (!format.equals("webp") && !format.equals("avif")) throw invalid(Setting.IMAGE_ACCEPT_FORMATS, "may list only webp and avif");
        }
        long signedUrlMax = longValue(Setting.SIGNED_URL_MAX_SECONDS);
        if (signedUrlMax < 1 || signedUrlMax > 2_592_000) throw invalid(Setting.SIGNED_URL_MAX_SECONDS, "must be 1..2592000 (30 days)");
        long policyMax = longValue(Setting.UPLOAD_POLICY_MAX_SECONDS);
        if (policyMax < 1 || policyMax > 86_400) throw invalid(Setting.UPLOAD_POLICY_MAX_SECONDS, "must be 1..86400 (one day)");
        if (integer(Setting.KEY_EXCHANGE_PER_MINUTE) < 1) throw invalid(Setting.KEY_EXCHANGE_PER_MINUTE, "must be at least 1");
        if (integer(Setting.SHARE_PASSWORD_ATTEMPTS_PER_IP) < 1) throw invalid(Setting.SHARE_PASSWORD_ATTEMPTS_PER_IP, "must be at least 1");
        if (integer(Setting.SHARE_PASSWORD_ATTEMPTS_PER_SHARE) < 1) throw invalid(Setting.SHARE_PASSWORD_ATTEMPTS_PER_SHARE, "must be at least 1");
        int leeway = integer(Setting.SASS_CLOCK_LEEWAY_SECONDS);
        if (leeway < 0 || leeway > 600) throw invalid(Setting.SASS_CLOCK_LEEWAY_SECONDS, "must be 0..600");
        String geoip = get(Setting.GEOIP_DATABASE);
        if (!geoip.isEmpty() && !java.nio.file.Files.isReadable(Path.of(geoip))) throw invalid(Setting.GEOIP_DATABASE, "is not a readable file");
        Duration idle = duration(Setting.CONSOLE_SESSION_IDLE);
        Duration max = duration(Setting.CONSOLE_SESSION_MAX);
        if (idle.isZero() || idle.isNegative()) throw invalid(Setting.CONSOLE_SESSION_IDLE, "must be positive");
        if (max.isZero() || max.isNegative()) throw invalid(Setting.CONSOLE_SESSION_MAX, "must be positive");
        if (integer(Setting.ARCHIVE_MAX_FILES) < 1) throw invalid(Setting.ARCHIVE_MAX_FILES, "must be at least 1");
        if (longValue(Setting.ARCHIVE_MAX_BYTES) < 1) throw invalid(Setting.ARCHIVE_MAX_BYTES, "must be at least 1");
        if (integer(Setting.ARCHIVE_WORKERS) < 1) throw invalid(Setting.ARCHIVE_WORKERS, "must be at least 1");
        if (integer(Setting.ARCHIVE_QUEUE) < 0) throw invalid(Setting.ARCHIVE_QUEUE, "must be 0 or more");
        Duration archiveTtl = duration(Setting.ARCHIVE_TTL);
        if (archiveTtl.isZero() || archiveTtl.isNegative()) throw invalid(Setting.ARCHIVE_TTL, "must be positive");
        Duration tusTtl = duration(Setting.TUS_TTL);
        if (tusTtl.isZero() || tusTtl.isNegative()) throw invalid(Setting.TUS_TTL, "must be positive");
        int retention = integer(Setting.AUDIT_RETENTION_DAYS);
        if (retention < 1 || retention > 36_500) throw invalid(Setting.AUDIT_RETENTION_DAYS, "must be 1..36500");
        String secret = get(Setting.SECRET);
        if (!secret.isEmpty() && secret.length() < 32) throw invalid(Setting.SECRET, "must be at least 32 characters");
    }

    /** blobs=s3 needs a bucket, a region and static credentials; the endpoint may be empty (AWS). */
    private void validateS3() {
        for (Setting required : List.of(Setting.S3_BUCKET, Setting.S3_REGION, Setting.S3_ACCESS_KEY, Setting.S3_SECRET_KEY)) {
            if (get(required).isEmpty()) throw invalid(required, "is required when blobs=s3");
        }
        // S3's bucket naming rules, checked here so that a typo fails at start and not at the first upload.
        if (!get(Setting.S3_BUCKET).matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw invalid(Setting.S3_BUCKET, "is not a valid bucket name (3-63 characters: a-z, 0-9, '.', '-')");
        }
        String endpoint = get(Setting.S3_ENDPOINT);
        if (!endpoint.isEmpty()) {
            try {
                java.net.URI uri = new java.net.URI(endpoint);
                if (!List.of("http", "https").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                    throw invalid(Setting.S3_ENDPOINT, "must be an http:// or https:// URL");
                }
            } catch (java.net.URISyntaxException e) {
                throw invalid(Setting.S3_ENDPOINT, "is not a URL");
            }
        }
    }

    private void oneOf(Setting s, String... allowed) {
        if (!java.util.List.of(allowed).contains(get(s))) {
            throw invalid(s, "must be one of " + String.join(", ", allowed));
        }
    }

    private IllegalArgumentException invalid(Setting s, String why) {
        return new IllegalArgumentException("setting " + s.key + " (" + s.env() + ") = '" + get(s) + "' " + why);
    }

    public String get(Setting s) {
        return values.get(s);
    }

    public int integer(Setting s) {
        try {
            return Integer.parseInt(get(s));
        } catch (NumberFormatException e) {
            throw invalid(s, "is not a whole number");
        }
    }

    public long longValue(Setting s) {
        try {
            return Long.parseLong(get(s));
        } catch (NumberFormatException e) {
            throw invalid(s, "is not a whole number");
        }
    }

    /** A duration: a whole number followed by s, m, h or d (a bare number is seconds), e.g. 90s, 30m, 12h. */
    public Duration duration(Setting s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd]?)").matcher(get(s));
        if (!m.matches()) throw invalid(s, "is not a duration like 90s, 30m, 12h or 1d");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    public List<String> list(Setting s) {
        return Arrays.stream(get(s).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    public Path dataDir() {
        return Path.of(get(Setting.DATA_DIR)).toAbsolutePath().normalize();
    }

    /** True when the catalog, the blobs or the server secret live in the data directory. */
    public boolean keepsDataInDataDir() {
        return get(Setting.CATALOG).equals("sqlite") || get(Setting.BLOBS).equals("fs")
                || (get(Setting.SECRET).isEmpty() && get(Setting.SECRET_FILE).isEmpty());
    }

    public Path secretFile() {
        String file = get(Setting.SECRET_FILE);
        return file.isEmpty() ? dataDir().resolve("secret.key") : Path.of(file);
    }

    /**
     * The server's default visibility. The deprecated {@code cdn-public=false} keeps meaning "the CDN
     * needs a key" and wins over {@code default-visibility}: an old configuration never turns public.
     */
    public Visibility defaultVisibility() {
        return get(Setting.CDN_PUBLIC).equals("false") ? Visibility.NOT_PUBLIC : Visibility.parse(get(Setting.DEFAULT_VISIBILITY), Setting.DEFAULT_VISIBILITY.key);
    }
}
