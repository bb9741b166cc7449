package dev.assetgate.metrics;

import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The node's meters (docs/metrics.md lists them). With {@code metrics=off} the registry is a composite
 * of no registry, whose meters do nothing, so instrumented code never asks whether metrics are on.
 * Otherwise a Prometheus registry, with the JVM and process meters bound, scraped through
 * {@link #scrape()} by the /metrics route or the management port.
 */
public final class ServerMetrics implements AutoCloseable {
    /** Meters that record nothing: the default of every instrumented part until it is bound to a registry. */
    public static final MeterRegistry NONE = new CompositeMeterRegistry();
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final JvmGcMetrics gc;

    private ServerMetrics(PrometheusMeterRegistry prometheus) {
        this.prometheus = prometheus;
        // off: a composite of its own (not NONE), so what is bound to it goes away with this node
        this.registry = prometheus == null ? new CompositeMeterRegistry() : prometheus;
        if (prometheus == null) {
            this.gc = null;
            return;
        }
        new ClassLoaderMetrics().bindTo(prometheus);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        this.gc = new JvmGcMetrics();
        gc.bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        new UptimeMetrics().bindTo(prometheus);
        new FileDescriptorMetrics().bindTo(prometheus);
    }

    /** The meters the configuration asks for: none with metrics=off, else Prometheus. */
    public static ServerMetrics configured(AssetgateConfig config) {
        return config.get(Setting.METRICS).equals("off") ? off() : new ServerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public static ServerMetrics off() {
        return new ServerMetrics(null);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public boolean enabled() {
        return prometheus != null;
    }

    /** Every meter in the Prometheus text format (version 0.0.4); empty when metrics are off. */
    public String scrape() {
        return prometheus == null ? "" : prometheus.scrape();
    }

    @Override
    public void close() {
        if (gc != null) gc.close();
        registry.close();
    }
}
