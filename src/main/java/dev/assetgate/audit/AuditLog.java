package dev.assetgate.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetgate.store.AuditStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.assetgate.metrics.ServerMetrics;

/**
 * Writes the audit trail without letting it slow down or amplify requests: events go into a
 * bounded in-memory queue that one thread writes in batches (a full queue drops the event and
 * counts it, so a flood of refused requests costs memory bounded by the queue, not a write each).
 * The thread writes every second, and as soon as a batch is waiting: with a pause of a second
 * between writes, more than the queue's capacity per second (SASS keys minted at 12,000/s on
 * PostgreSQL) was dropped whatever the catalog's speed. Requests and refusals per minute are
 * summed in memory and added to the catalog's rows every few seconds. A query first writes what this node still holds, so it sees its own events.
 */
public final class AuditLog implements AutoCloseable, io.micrometer.core.instrument.binder.MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH = 500;
    private final AuditStore store;
    private final Clock clock;
    private final Supplier<String> defaultCompany;
    private final BlockingQueue<AuditEvent> queue;
    private final ConcurrentHashMap<MinuteKey, long[]> minutes = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean batchWaiting = new java.util.concurrent.atomic.AtomicBoolean();
    private final boolean scheduled;
    private long droppedReported;
    private final Object flushing = new Object();
    private final ScheduledExecutorService writer;
    private volatile String defaultCompanyId;
    private volatile io.micrometer.core.instrument.MeterRegistry meters = ServerMetrics.NONE;

    private record MinuteKey(String companyId, String project, Instant minute) {}

    /** The log of a node: queued events are written every second, minute counts every 5 seconds. */
    public AuditLog(AuditStore store, Clock clock, Supplier<String> defaultCompany) {
        this(store, clock, defaultCompany, QUEUE_CAPACITY, true);
    }

    private AuditLog(AuditStore store, Clock clock, Supplier<String> defaultCompany, int capacity, boolean scheduled) {
        this.store = store;
        this.clock = clock;
        this.defaultCompany = defaultCompany;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.scheduled = scheduled;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "assetgate-audit-writer");
            t.setDaemon(true);
            return t;
        });
        if (scheduled) {
            writer.scheduleWithFixedDelay(this::flushEvents, 1, 1, TimeUnit.SECONDS);
            writer.scheduleWithFixedDelay(this::flushMinutes, 5, 5, TimeUnit.SECONDS);
        }
    }

    /** A log that writes only when {@link #flush()} is called, with a queue of {@code capacity}: for tests. */
    public static AuditLog unscheduled(AuditStore store, Clock clock, Supplier<String> defaultCompany, int capacity) {
        return new AuditLog(store, clock, defaultCompany, capacity, false);
    }

    /** A log that writes as a node's does, with a queue of {@code capacity} (at least a batch, or it is never woken early): for tests. */
    public static AuditLog withCapacity(AuditStore store, Clock clock, Supplier<String> defaultCompany, int capacity) {
        return new AuditLog(store, clock, defaultCompany, capacity, true);
    }

    /** A new event of this kind, filled in by the caller and then {@link Entry#record() recorded}. */
    public Entry entry(String kind, String companyId) {
        return new Entry(kind, companyId);
    }

    /** The company of events that cannot be tied to one (an unknown key): the default company. */
    public String defaultCompanyId() {
        String id = defaultCompanyId;
        if (id == null) defaultCompanyId = id = defaultCompany.get();
        return id;
    }

    /** Counts one request (refused or not) in the current minute. */
    public void count(String companyId, String project, boolean refused) {
        MinuteKey key = new MinuteKey(companyId, project == null ? "" : project, clock.instant().truncatedTo(ChronoUnit.MINUTES));
        // compute() holds the entry while it adds, and flushMinutes removes whole entries: no count is lost between them
        minutes.compute(key, (k, v) -> {
            long[] counts = v == null ? new long[2] : v;
            counts[0]++;
            if (refused) counts[1]++;
            return counts;
        });
    }

    /**
     * The queue's depth, the events dropped, and every recorded event by kind (SASS keys minted and
     * revoked among them: docs/metrics.md). A kind is one of the fixed names in the code.
     */
    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("assetgate.audit.queue.depth", queue, java.util.Collection::size)
                .description("Audit events waiting for the writer").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("assetgate.audit.dropped", dropped, AtomicLong::get)
                .description("Audit events dropped: the queue was full or the catalog refused the write").register(registry);
        this.meters = registry;
    }

    /** Events dropped because the queue was full (or a write failed) since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Writes what this node still holds: queued events and minute counts. */
    public void flush() {
        flushEvents();
        flushMinutes();
    }

    public List<AuditStore.StoredEvent> find(AuditFilter filter) {
        flushEvents();
        return store.find(filter);
    }

    /** One count per minute of [from, to), oldest first, zeros included. */
    public List<MinuteCount> perMinute(String companyId, java.util.Set<String> projects, Instant from, Instant to) {
        flushMinutes();
        Map<Instant, MinuteCount> found = new LinkedHashMap<>();
        store.minutes(companyId, projects, from, to).forEach(m -> found.put(m.minute(), m));
        List<MinuteCount> out = new ArrayList<>();
        for (Instant m = from; m.isBefore(to); m = m.plus(1, ChronoUnit.MINUTES)) {
            out.add(found.getOrDefault(m, new MinuteCount(companyId, null, m, 0, 0)));
        }
        return out;
    }

    /** Deletes what is older than the retention; the hourly sweep calls it. */
    public int prune(Duration retention) {
        return store.prune(clock.instant().minus(retention));
    }

    private void flushEvents() {
        batchWaiting.set(false); // events queued from now on may ask again
        synchronized (flushing) {
            long lost = dropped.get();
            if (lost > droppedReported) {
                LOG.warn("audit trail: {} events dropped so far (queue full or catalog unavailable)", lost);
                droppedReported = lost;
            }
            List<AuditEvent> batch = new ArrayList<>(BATCH);
            while (queue.drainTo(batch, BATCH) > 0) {
                try {
                    store.append(batch);
                } catch (RuntimeException e) {
                    dropped.addAndGet(batch.size());
                    LOG.warn("{} audit events could not be written: {}", batch.size(), e.toString());
                }
                batch.clear();
            }
        }
    }

    private void flushMinutes() {
        synchronized (flushing) {
            List<MinuteCount> counts = new ArrayList<>();
            for (MinuteKey key : new ArrayList<>(minutes.keySet())) {
                long[] c = minutes.remove(key);
                if (c != null) counts.add(new MinuteCount(key.companyId(), key.project(), key.minute(), c[0], c[1]));
            }
            try {
                store.addMinutes(counts);
            } catch (RuntimeException e) {
                LOG.warn("request counts of {} minutes could not be written: {}", counts.size(), e.toString());
            }
        }
    }

    private void wakeWriter() {
        try {
            writer.execute(this::flushEvents);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the log is closing: close() writes what is queued
        }
    }

    @Override
    public void close() {
        writer.shutdown(); // not shutdownNow: an interrupt could fail a write in progress and lose its batch
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("audit trail not written at shutdown: {}", e.toString());
        }
    }

    /** An event being filled in. Setters take null as "unknown". */
    public final class Entry {
        private final String kind;
        private final String companyId;
        private String project;
        private String keyId;
        private String templateId;
        private String sassKeyId;
        private String ip;
        private String rule;
        private String method;
        private String path;
        private final Map<String, Object> detail = new LinkedHashMap<>();

        private Entry(String kind, String companyId) {
            this.kind = kind;
            this.companyId = companyId;
        }

        public Entry project(String token) {
            this.project = token;
            return this;
        }

        public Entry key(String id) {
            this.keyId = id;
            return this;
        }

        public Entry template(String id) {
            this.templateId = id;
            return this;
        }

        public Entry sassKey(String id) {
            this.sassKeyId = id;
            return this;
        }

        public Entry ip(String address) {
            this.ip = address;
            return this;
        }

        public Entry rule(String rule) {
            this.rule = rule;
            return this;
        }

        public Entry request(String method, String path) {
            this.method = method;
            this.path = path;
            return this;
        }

        public Entry detail(String name, Object value) {
            if (value != null) detail.put(name, value);
            return this;
        }

        /** Queues the event; when the queue is full it is dropped and counted, never waited for. */
        public void record() {
            String json;
            try {
                json = JSON.writeValueAsString(detail);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                json = "{}";
            }
            AuditEvent event = new AuditEvent(UUID.randomUUID().toString(), clock.instant(), kind,
                    companyId == null ? defaultCompanyId() : companyId, project, keyId, templateId, sassKeyId, ip, rule, method, path,
                    json);
            if (!queue.offer(event)) {
                dropped.incrementAndGet();
            } else if (scheduled && !batchWaiting.get() && queue.size() >= BATCH && batchWaiting.compareAndSet(false, true)) {
                wakeWriter();
            }
            io.micrometer.core.instrument.Counter.builder("assetgate.audit.events").tag("kind", kind)
                    .description("Audit events recorded, by kind (sass_key.minted, sass_key.revoked, request.refused, ...)")
                    .register(meters).increment();
        }
    }
}
