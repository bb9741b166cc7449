package dev.assetgate.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.access.Access;
import dev.assetgate.access.Channel;
import dev.assetgate.access.Count;
import dev.assetgate.access.Decider;
import dev.assetgate.access.Need;
import dev.assetgate.access.Permission;
import dev.assetgate.access.TemplateLimits;
import dev.assetgate.access.PermissionSet;
import dev.assetgate.http.Json;
import dev.assetgate.limits.LocalCounters;
import dev.assetgate.limits.LocalInvalidationFeed;
import dev.assetgate.net.MaxMindGeoIp;
import dev.assetgate.store.ApiKeyRecord;
import dev.assetgate.store.Project;
import dev.assetgate.store.jdbc.Database;
import dev.assetgate.store.jdbc.JdbcProjectStore;
import dev.assetgate.store.jdbc.JdbcTemplateStore;
import dev.assetgate.templates.SassCodec;
import dev.assetgate.templates.SecurityTemplate;
import dev.assetgate.templates.TemplateService;
import dev.assetgate.templates.TemplateSpec;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the SASS access path on one core: verifying a key (signature, expiry, revocation,
 * template lookup in the cache), and the whole decision for an upload through the {@link Decider}
 * — verify (with key_validity.starts_at) + project + permission + HTTPS only + allowed origins (a
 * wildcard, last in the list) + IP CIDR list + country (MaxMind test database) + upload folder
 * scope (grant) + the counted limits. The project is handed to the decider from memory (the HTTP
 * path reads it from the catalog, as it did before the decider). Run with bench/run-jmh.sh; results
 * are recorded in bench/RESULTS.md.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AccessBenchmark {
    private Database database;
    private MaxMindGeoIp geoIp;
    private TemplateService templates;
    private SassCodec codec;
    private String key;
    private String perUserKey;
    private InetAddress client;
    private Channel channel;
    private Decider decider;
    private static final Need UPLOAD = Need.all(Permission.FILE_UPLOAD).counting(Count.UPLOAD);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("assetgate-bench");
        database = Database.sqlite(dir.resolve("catalog.db"));
        Clock clock = Clock.systemUTC();
        JdbcProjectStore projects = new JdbcProjectStore(database, clock);
        projects.create("bench", "bench", projects.defaultCompany().id());
        geoIp = new MaxMindGeoIp(Path.of("src/test/resources/geoip/GeoLite2-Country-Test.mmdb"));
        byte[] secret = "benchmark-secret-benchmark-secret-0123456789".getBytes(StandardCharsets.UTF_8);
        codec = new SassCodec(secret, List.of());
        templates = new TemplateService(new JdbcTemplateStore(database, clock), codec, new LocalCounters(clock), new LocalInvalidationFeed(), geoIp, clock,
                Duration.ofSeconds(30), 1_000_000);
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree("""
                {"permissions":["OBJECTS_LIST","FILE_UPLOAD"],
                 "upload":{"limit_per_min":100000000,"limit_per_source_ip":100000000,"max":1000000000,"dir_scope":["/uploads/*","/incoming"],
                           "allowed_types":["image/*","application/pdf"],"max_pixels":40000000,"max_width":10000,"max_height":10000,
                           "max_bytes":1000000000000000,"bytes_per_period":1000000000000000,"bytes_period":60},
                 "restrictions":{"whitelist_ip_ranges":["203.0.113.0/24","2001:db8::/32","198.51.100.7","81.2.69.128/25"],
                                 "whitelist_countries":["FR","DE","GB"],
                                 "allowed_origins":["https://shop.example.com","http://localhost:3000","https://*.cdn.example.net"],
                                 "https_only":true},
                 "listing":{"dir_scope":["/uploads/*"]},
                 "key_validity":{"expire_duration":604800,"starts_at":"2020-01-01T00:00:00Z"}}""");
        SecurityTemplate t = templates.create("bench", TemplateSpec.parse(body), PermissionSet.allPermissions(), "bench", false);
        client = InetAddress.getByName("81.2.69.142"); // GB in the test database; used only as data
        // a browser on a page of the last (wildcard) origin, behind TLS: every channel rule runs in full
        channel = Channel.of("https://eu.cdn.example.net", null, true);
        key = templates.exchange("bench", t.id(), client, channel).key();
        // the same rules with {sub} in both scopes, and a key a backend minted for one user
        body.withObject("upload").putArray("dir_scope").add("/users/{sub}/*").add("/incoming");
        body.withObject("listing").putArray("dir_scope").add("/users/{sub}/*");
        SecurityTemplate perUser = templates.create("bench", TemplateSpec.parse(body), PermissionSet.allPermissions(), "bench", false);
        ApiKeyRecord backend = new ApiKeyRecord("key_bench", projects.defaultCompany().id(), "agsk_…", "backend", PermissionSet.allPermissions(),
                false, java.util.Set.of("bench"), true, null, clock.instant(), null);
        perUserKey = templates.mintForSubject("bench", perUser.id(), "user-42", backend).key();
        Optional<Project> project = projects.find("bench");
        decider = new Decider(token -> project, geoIp, new TemplateLimits(templates));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        geoIp.close();
        database.close();
    }

    /** Signature only: parse, HMAC-SHA256, constant-time compare, decode claims. */
    @Benchmark
    public Object sassSignature() {
        return codec.verify(key);
    }

    /** Verification as a request does it: signature, expiry, project, revocation, template from cache. */
    @Benchmark
    public Object sassVerify() {
        return templates.verify(key, "bench");
    }

    /** The whole decision for an upload with every restriction on. */
    @Benchmark
    public Object uploadDecision() {
        Access access = decider.decide(templates.verify(key, "bench"), "bench", UPLOAD, client, channel);
        return access.admitUpload(access.writeFolder("/uploads/2026/11"), 1000);
    }

    /** The same decision for a per-user key: its subject put in for {sub} in both scopes on every verification. */
    @Benchmark
    public Object uploadDecisionPerUser() {
        Access access = decider.decide(templates.verify(perUserKey, "bench"), "bench", UPLOAD, client, channel);
        return access.admitUpload(access.writeFolder("/users/user-42/2026/11"), 1000);
    }

    /** Country lookup alone (MaxMind reader with its cache). */
    @Benchmark
    public Object countryLookup() {
        return geoIp.country(client);
    }

}
