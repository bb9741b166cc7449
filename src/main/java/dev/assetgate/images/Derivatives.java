package dev.assetgate.images;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.BlobStore;
import dev.assetgate.store.FileRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.assetgate.metrics.ServerMetrics;

/**
 * Transformed images, computed once and kept. A derivative is a blob keyed by (file, file version,
 * canonical transformation), so every node of a cluster finds what another computed; requests for
 * the same derivative arriving together wait for one computation. Work is bounded: a few workers,
 * a short queue, then SERVICE_UNAVAILABLE with Retry-After. Derivatives go with their file, and
 * the oldest go when their total passes the cache budget.
 */
public final class Derivatives implements io.micrometer.core.instrument.binder.MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(Derivatives.class);
    private static final int EVICTION_BATCH = 100;
    private static final String TOO_MANY = "too many image transformations at once";
    private final ImageEngine engine;
    private final OutputFormats formats;
    private final BlobStore blobs;
    private final DerivativeStore index;
    private final Clock clock;
    private final Limits limits;
    private final Semaphore workers;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<String, CompletableFuture<Derivative>> inFlight = new ConcurrentHashMap<>();
    private final ImageFactsReader facts;
    private final HeldDerivatives held;
    private volatile io.micrometer.core.instrument.MeterRegistry meters = ServerMetrics.NONE;

    /** The settings that bound the work: image-max-pixels, image-max-dimension, image-workers, image-queue, image-cache-max-bytes. */
    public record Limits(long maxPixels, int maxDimension, int workers, int queue, long cacheMaxBytes) {}

    /** A derivative to send (a stored blob), or {@link #ORIGINAL}: send the file itself. */
    public record Derivative(String blobKey, long size, String mime, boolean computed) {
        public static final Derivative ORIGINAL = new Derivative(null, 0, null, false);

        public boolean isOriginal() {
            return blobKey == null;
        }
    }

    /** {@code heldBytes}: memory for the bytes of small derivatives (cdn-memory-bytes; 0: none). */
    public Derivatives(ImageEngine engine, BlobStore blobs, DerivativeStore index, Clock clock, Limits limits, List<String> acceptFormats,
                       long heldBytes) {
        this.engine = engine;
        this.held = new HeldDerivatives(heldBytes);
        this.formats = new OutputFormats(engine.writes(), acceptFormats);
        this.blobs = blobs;
        this.index = index;
        this.clock = clock;
        this.limits = limits;
        this.workers = new Semaphore(limits.workers());
        this.facts = new ImageFactsReader(engine, blobs, limits.maxPixels(), limits.maxDimension());
    }

    /**
     * The derivative cache's lookups by result (hit: stored; computed: made now; shared: waited for the
     * same one being made; original: the file itself is sent), the transformations waiting for a
     * worker and the workers busy.
     */
    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("assetgate.images.queue.depth", waiting, AtomicInteger::get)
                .description("Image transformations waiting for a worker").register(registry);
        io.micrometer.core.instrument.Gauge.builder("assetgate.images.workers.busy", workers, w -> limits.workers() - w.availablePermits())
                .description("Image transformations being computed").register(registry);
        this.meters = registry;
    }

    private Derivative counted(String result, Derivative d) {
        io.micrometer.core.instrument.Counter.builder("assetgate.images.derivatives").tag("result", result)
                .description("Derivative cache lookups: hit, computed, shared (joined one being computed), original (the file itself)")
                .register(meters).increment();
        return d;
    }

    /** The transformation a delivery request's query asks for. */
    public Transformation transformation(java.util.function.UnaryOperator<String> query) {
        return Transformation.parse(query, limits.maxDimension());
    }

    /** The transformation as it is rendered: its output format decided from force_format, the engine and Accept. */
    public OutputFormats.Choice negotiate(Transformation asked, String accept) {
        return formats.choose(asked, accept);
    }

    /** Which engine transforms: "java" or "vips 8.14.1" (the start banner and /ready say it). */
    public String engineName() {
        return engine.name();
    }

    /** The transformation in a query string (what a signed URL is minted for). */
    public Transformation transformation(String query) {
        return Transformation.parse(query, limits.maxDimension());
    }

    /** True for the files this server transforms: raster images (an SVG is sent as it is). */
    public static boolean transformable(FileRecord file) {
        return file.mime().startsWith("image/") && !file.mime().startsWith("image/svg");
    }

    /**
     * Writes the facts of an image blob into a file's {@code info} (see {@link ImageFactsReader});
     * false when it is no readable image (the upload keeps the file either way).
     */
    public boolean describe(ObjectNode info, String blobKey, String mime, boolean withGps) {
        return facts.writeTo(info, blobKey, mime, withGps);
    }

    /**
     * The size an image's header states, read from its first bytes only ({@code head}), before anything
     * is stored; empty when the header is not readable there. An SVG's size comes from its root element.
     */
    public java.util.Optional<ImageFacts> headerFacts(byte[] head, String mime) {
        if (mime.startsWith("image/svg")) return SvgFacts.read(new java.io.ByteArrayInputStream(head));
        try {
            return engine.facts(new java.io.ByteArrayInputStream(head));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The picture in blob {@code blobKey} downscaled as {@code resize} asks, or null when it stays as
     * sent: no larger than asked, a type that is not rewritten, or bytes that are no readable image.
     * A source over the pixel cap is IMAGE_TOO_LARGE (it cannot be downscaled without decoding it).
     */
    public ImageEngine.Rendered downscaled(String blobKey, String mime, UploadResize resize) {
        Transformation t = resize.transformation(mime);
        if (t == null) return null;
        try (InputStream source = blobs.open(blobKey, 0, -1)) {
            ImageEngine.Rendered r = engine.render(source, t, limits.maxPixels(), limits.maxDimension());
            return r.isOriginal() || !mime.equals(r.mime()) ? null : r;
        } catch (ApiException e) {
            if (e.error == ApiError.IMAGE_UNREADABLE) return null;
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read blob " + blobKey, e);
        }
    }

    /** The derivative of {@code file} for {@code t}: stored, computed now, or the original (org_if_sml). */
    public Derivative of(FileRecord file, Transformation t) {
        String key = key(file, t);
        HeldDerivatives.Held inMemory = held.get(key);
        if (inMemory != null) return counted("hit", new Derivative(key, inMemory.bytes().capacity(), inMemory.mime(), false));
        var stored = index.find(key);
        if (stored.isPresent()) return counted("hit", new Derivative(key, stored.get().bytes(), stored.get().mime(), false));
        CompletableFuture<Derivative> mine = new CompletableFuture<>();
        CompletableFuture<Derivative> running = inFlight.putIfAbsent(key, mine);
        if (running != null) return counted("shared", join(running));
        try {
            Derivative made = compute(file, t, key);
            mine.complete(counted(made.isOriginal() ? "original" : "computed", made));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            inFlight.remove(key, mine);
        }
        return join(mine);
    }

    /**
     * The bytes of a small derivative in memory (read from the blob store once, then held), to send
     * whole; null for a large one, or when memory is not allowed or the blob cannot be read (then
     * {@link #open} streams it, and says what went wrong).
     */
    public java.nio.ByteBuffer bytes(Derivative d) {
        java.nio.ByteBuffer inMemory = held.bytes(d.blobKey());
        if (inMemory != null || d.size() > HeldDerivatives.MOST_BODY_BYTES) return inMemory;
        try (InputStream in = blobs.open(d.blobKey(), 0, -1)) {
            byte[] body = in.readNBytes(HeldDerivatives.MOST_BODY_BYTES + 1);
            return body.length == d.size() ? held.keep(d.blobKey(), body, d.mime()) : null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** The bytes of a derivative; one evicted meanwhile (by another node) is a retry away from being computed again. */
    public InputStream open(Derivative d) {
        try {
            return blobs.open(d.blobKey(), 0, -1);
        } catch (IOException e) {
            LOG.info("derivative {} vanished before it was sent: {}", d.blobKey(), e.toString());
            index.delete(List.of(d.blobKey()));
            throw busy("the derivative was evicted while being sent");
        }
    }

    /** Drops the derivatives of deleted files. */
    public void forget(String project, Collection<String> fileUuids) {
        drop(index.ofFiles(project, fileUuids));
    }

    /** Drops every derivative of a deleted project. */
    public void forgetProject(String project) {
        drop(index.ofProject(project));
    }

    private Derivative compute(FileRecord file, Transformation t, String key) {
        admit();
        try {
            ImageEngine.Rendered r;
            try (InputStream source = blobs.open(file.blobKey(), 0, -1)) {
                r = engine.render(source, t, limits.maxPixels(), limits.maxDimension());
            }
            if (r.isOriginal()) return Derivative.ORIGINAL;
            blobs.put(key, new ByteArrayInputStream(r.bytes()), r.bytes().length);
            index.insert(new DerivativeStore.Entry(key, file.project(), file.uuid(), r.bytes().length, r.mime(), clock.instant()));
            evictBeyondBudget(key);
            held.keep(key, r.bytes(), r.mime());
            return new Derivative(key, r.bytes().length, r.mime(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not transform file " + file.uuid(), e);
        } finally {
            workers.release();
        }
    }

    /** A worker, after a wait in the short queue; a full queue or a long wait is SERVICE_UNAVAILABLE. */
    private void admit() {
        if (workers.tryAcquire()) return;
        if (waiting.incrementAndGet() > limits.queue()) {
            waiting.decrementAndGet();
            throw busy(TOO_MANY);
        }
        try {
            if (!workers.tryAcquire(30, TimeUnit.SECONDS)) throw busy(TOO_MANY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(TOO_MANY);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static ApiException busy(String why) {
        return ApiError.SERVICE_UNAVAILABLE.with(why, "Retry after the time in Retry-After.")
                .header("Retry-After", "1");
    }

    /** Deletes the oldest derivatives until their total fits the budget; never {@code keep}, which is being sent. */
    private void evictBeyondBudget(String keep) {
        long over = index.totalBytes() - limits.cacheMaxBytes();
        while (over > 0) {
            List<DerivativeStore.Entry> evicted = new ArrayList<>();
            for (DerivativeStore.Entry e : index.oldest(EVICTION_BATCH)) {
                if (over <= 0) break;
                if (e.blobKey().equals(keep)) continue;
                evicted.add(e);
                over -= e.bytes();
            }
            if (evicted.isEmpty()) return;
            drop(evicted);
        }
    }

    /** Index rows first, blobs after: a crash in between leaves only an unreferenced blob. */
    private void drop(List<DerivativeStore.Entry> entries) {
        if (entries.isEmpty()) return;
        index.delete(entries.stream().map(DerivativeStore.Entry::blobKey).toList());
        for (DerivativeStore.Entry e : entries) {
            try {
                blobs.delete(e.blobKey());
            } catch (IOException | RuntimeException failed) {
                LOG.warn("could not delete derivative blob {}: {}", e.blobKey(), failed.toString());
            }
        }
    }

    private static Derivative join(CompletableFuture<Derivative> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    /** {project}/_derivatives/{file uuid}/{etag}. */
    static String key(FileRecord file, Transformation t) {
        return file.project() + "/_derivatives/" + file.uuid() + "/" + etag(file, t);
    }

    /** A strong validator of one derivative, known before computing it: {sha1 of the version}-{sha256 of the transformation, 24 hex}. */
    public static String etag(FileRecord file, Transformation t) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(t.canonical().getBytes(StandardCharsets.UTF_8));
            return file.sha1() + "-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
