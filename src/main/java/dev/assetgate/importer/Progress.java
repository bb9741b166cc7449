package dev.assetgate.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.http.Json;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** What a person (or a script) sees while the import runs. Called from every worker. */
public interface Progress extends AutoCloseable {

    void start(long files, long bytes);

    /** Bytes read from the source for this run (uploaded, hashed, or already there). */
    void bytes(long n);

    void file(Outcome outcome);

    /** The end: the summary is shown (or written) here. */
    void finish(Summary summary);

    @Override
    default void close() {}

    /** Nothing but the summary's failures, on standard error. */
    static Progress quiet(PrintStream err) {
        return new Progress() {
            public void start(long files, long bytes) {}
            public void bytes(long n) {}
            public void file(Outcome outcome) {}
            public void finish(Summary summary) {
                if (!summary.failures().isEmpty()) err.println(summary.failures().size() + " file(s) failed; " + summary.toText());
            }
        };
    }

    /** One JSON line per file on {@code out}, then the summary line with the failures: for scripts. */
    static Progress json(PrintStream out) {
        return new Progress() {
            public void start(long files, long bytes) {
                line(Json.object().put("event", "start").put("files", files).put("bytes", bytes));
            }
            public void bytes(long n) {}
            public void file(Outcome o) {
                ObjectNode line = Json.object().put("event", "file").put("path", o.path())
                        .put("outcome", o.kind().name().toLowerCase(Locale.ROOT)).put("bytes", o.bytes());
                if (o.reason() != null) line.put("reason", o.reason());
                line(line);
            }
            public void finish(Summary summary) {
                ObjectNode line = summary.toJson();
                line.set("failures", summary.failuresJson());
                line(line);
            }
            private synchronized void line(ObjectNode line) {
                out.println(line);
                out.flush();
            }
        };
    }

    /** A progress bar on standard error (files, bytes, rate, time left), then the summary on {@code out}. */
    static Progress bar(PrintStream out, PrintStream err) {
        return new Bar(out, err);
    }

    final class Bar implements Progress {
        private final PrintStream out;
        private final PrintStream err;
        private final AtomicLong done = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private ProgressBar bar;
        private long files;

        private Bar(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void start(long files, long bytes) {
            this.files = files;
            bar = new ProgressBarBuilder().setTaskName("import").setInitialMax(Math.max(bytes, 1))
                    .setUnit(" MB", 1 << 20).showSpeed(new java.text.DecimalFormat("0.0")).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .build(); // drawn on System.err
            extra();
        }

        @Override
        public void bytes(long n) {
            if (bar != null) bar.stepBy(n);
        }

        @Override
        public void file(Outcome o) {
            done.incrementAndGet();
            if (o.kind() == Outcome.Kind.FAILED) failed.incrementAndGet();
            extra();
        }

        private void extra() {
            if (bar != null) bar.setExtraMessage(" " + done.get() + "/" + files + " files" + (failed.get() > 0 ? ", " + failed.get() + " failed" : ""));
        }

        @Override
        public void finish(Summary summary) {
            close();
            out.println(summary.toText());
            summary.failures().stream().limit(20).forEach(f -> err.println("failed: " + f.path() + ": " + f.reason()));
            if (summary.failures().size() > 20) err.println("... " + (summary.failures().size() - 20) + " more (--failures FILE lists them all)");
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
