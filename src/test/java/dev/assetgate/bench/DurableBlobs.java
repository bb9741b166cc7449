package dev.assetgate.bench;

import dev.assetgate.store.blob.FsBlobStore;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ceiling of a durable small upload on this machine (its CPU and disk together), for bench/run.sh's small-object rows
 * (issue 17): THREADS threads putting SIZE-byte blobs into an {@link FsBlobStore} as fast as they
 * can, each blob fsynced, renamed and its directory fsynced before the next, exactly as an upload's
 * blob is before its answer. No HTTP, no catalog, no client on the same cores. An HTTP PUT can only
 * approach this rate; a peer that does not fsync (S3Proxy's filesystem store) is not bound by it.
 *
 * <p>Usage: DurableBlobs DIR THREADS SIZE WARMUP_S SECONDS RUNS KEY. Prints bench/run.sh's
 * results.tsv lines KEY.rps (blobs per second) and KEY.cpu_us (this JVM's CPU per blob), one pair
 * per run, after an unrecorded warm-up.
 */
public final class DurableBlobs {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int runs = Integer.parseInt(args[5]);
        String key = args[6];
        FsBlobStore store = new FsBlobStore(dir);
        byte[] body = new byte[size];
        ThreadLocalRandom.current().nextBytes(body);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run <= runs; run++) {
            int duration = run == 0 ? warmup : seconds;
            long cpu0 = os.getProcessCpuTime();
            long count = load(store, body, threads, duration, run);
            long cpu = os.getProcessCpuTime() - cpu0;
            if (run > 0) {
                System.out.printf(Locale.ROOT, "%s.rps\t%.1f\t%n", key, count / (double) duration);
                System.out.printf(Locale.ROOT, "%s.cpu_us\t%.1f\t%n", key, cpu / 1000.0 / count);
            }
        }
    }

    private static long load(FsBlobStore store, byte[] body, int threads, int seconds, int run) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    for (long i = 0; !stop.get(); i++) {
                        // 256 directories, as the server spreads blobs by the id's last two hex digits
                        String key = "bench/" + String.format(Locale.ROOT, "%02x", (int) (i * 31 + thread) & 0xff)
                                + "/r" + run + "-t" + thread + "-" + i;
                        store.put(key, new ByteArrayInputStream(body), body.length);
                        done.increment();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread w : workers) w.join();
        if (!failures.isEmpty()) throw new IllegalStateException("a put failed", failures.get(0));
        return done.sum();
    }
}
