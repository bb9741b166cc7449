package dev.assetgate.cli;

import dev.assetgate.Assetgate;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import dev.assetgate.http.AssetgateServer;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the HTTP server until SIGTERM/SIGINT.")
final class ServeCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--port", description = "HTTP port (env ASSETGATE_PORT, default 8080).")
    Integer port;

    @Option(names = "--host", description = "Bind address (env ASSETGATE_HOST, default 0.0.0.0).")
    String host;

    @Option(names = "--trusted-proxies", paramLabel = "CIDR,CIDR", description = "Reverse proxies whose X-Forwarded-For is believed (env ASSETGATE_TRUSTED_PROXIES).")
    String trustedProxies;

    @Option(names = "--geoip-database", paramLabel = "PATH", description = "MaxMind-format country database (env ASSETGATE_GEOIP_DATABASE).")
    String geoipDatabase;

    @Override
    public Integer call() throws InterruptedException {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        if (port != null) flags.put(Setting.PORT, port.toString());
        if (host != null) flags.put(Setting.HOST, host);
        if (trustedProxies != null) flags.put(Setting.TRUSTED_PROXIES, trustedProxies);
        if (geoipDatabase != null) flags.put(Setting.GEOIP_DATABASE, geoipDatabase);
        AssetgateConfig config = options.load(flags);
        String bindHost = config.get(Setting.HOST);
        int bindPort = config.integer(Setting.PORT);
        requireFreePort(bindHost, bindPort); // before anything is opened or created
        Assetgate app = Assetgate.open(config);
        AssetgateServer server;
        try {
            server = new AssetgateServer(app).start();
        } catch (JavalinBindException e) { // taken since the check above
            app.close();
            throw new IllegalArgumentException(cannotListen(bindHost, bindPort, e.getMessage()));
        } catch (java.io.UncheckedIOException e) { // the metrics port (metrics=port) is taken
            app.close();
            throw new IllegalArgumentException(e.getMessage());
        }
        ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "assetgate-orphan-sweep");
            t.setDaemon(true);
            return t;
        });
        // Orphaned blobs (a crash between blob and row) and temporary files a crash left are collected
        // a minute after start, then hourly; the data volume's fill level is checked every minute.
        sweeps.scheduleWithFixedDelay(() -> sweepOrphans(app), 1, 60, TimeUnit.MINUTES);
        sweeps.scheduleWithFixedDelay(app.volume::check, 1, 1, TimeUnit.MINUTES);
        sweeps.scheduleWithFixedDelay(() -> sweepConsole(app), 1, 60, TimeUnit.MINUTES);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM: stop accepting, let Jetty finish in-flight requests, then close the catalog.
            sweeps.shutdownNow();
            server.close();
            app.close();
            stopped.countDown();
        }, "assetgate-shutdown"));
        System.out.println(StartBanner.of(config, server.port(), server.metricsPort(), app.images.engineName()));
        stopped.await();
        return 0;
    }

    /** A busy port is one line naming it and --port, not Jetty's stack trace. */
    private static void requireFreePort(String host, int port) {
        if (port == 0) return;
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT is free, one with a listener is not
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new IllegalArgumentException(cannotListen(host, port, e.getMessage()));
        } catch (IOException e) {
            // anything else (e.g. an unknown host name) is Jetty's to report
        }
    }

    private static String cannotListen(String host, int port, String why) {
        return "cannot listen on " + host + ":" + port + " (" + why + "): is another server running there?"
                + " Choose another port with --port N (or ASSETGATE_PORT=N).";
    }

    /**
     * Ended console sessions are deleted (they are refused anyway; this keeps the table small), the
     * uses of long-expired upload policies, and audit events and minute counts older than the retention.
     */
    private static void sweepConsole(Assetgate app) {
        try {
            app.sessions.sweep();
            app.uploadPolicies.sweep();
            app.audit.prune(java.time.Duration.ofDays(app.config.integer(Setting.AUDIT_RETENTION_DAYS)));
        } catch (Exception | Error e) {
            LOG.warn("console sweep failed (will retry in an hour): {}", e.toString());
        }
    }

    private static void sweepOrphans(Assetgate app) {
        try {
            app.scratchSweeper(Assetgate.ORPHAN_GRACE).sweep();
            app.assets.expireVersions(); // versions past their project's age limit, and their blobs
            app.orphanSweeper(Assetgate.ORPHAN_GRACE).sweep();
            app.tus.sweepStrayParts(Assetgate.ORPHAN_GRACE); // resumable-upload parts a dead node wrote but never recorded
        } catch (Exception | Error e) {
            LOG.warn("orphaned-blob sweep failed (will retry in an hour): {}", e.toString());
        }
    }
}
