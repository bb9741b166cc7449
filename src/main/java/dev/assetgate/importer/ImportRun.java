package dev.assetgate.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.http.Json;
import dev.assetgate.store.blob.S3Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns the command's options into a source, a target, a journal and a progress display, and runs the import. */
public final class ImportRun {
    private ImportRun() {}

    public record S3Options(String endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {}

    public record Options(String from, String to, String server, String token, String key, int workers, Path journal,
                          Path failures, boolean dryRun, boolean quiet, boolean json, S3Options s3, String sourceServer,
                          String sourceKey) {}

    /** The exit code: 0 everything imported, 1 some files failed; bad input throws IllegalArgumentException. */
    public static int run(Options o, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        require(o.server(), "--server (or ASSETGATE_IMPORT_SERVER): the target server's URL");
        require(o.token(), "--token (or ASSETGATE_IMPORT_TOKEN): the target project");
        require(o.key(), "--key (or ASSETGATE_IMPORT_KEY): an API secret key of the target project");
        if (o.workers() < 1 || o.workers() > 64) throw new IllegalArgumentException("--workers must be from 1 to 64, got " + o.workers());
        if (o.quiet() && o.json()) throw new IllegalArgumentException("--quiet and --json do not go together");
        // The JDK keeps 5 idle connections per server by default: enough for every worker to reuse its own.
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", Integer.toString(Math.max(5, o.workers() + 1)));
        Retrying retrying = Retrying.standard();
        Target target = new Target(new RemoteProject(url(o.server(), "--server"), o.token(), o.key(), retrying));
        try (Source source = source(o, retrying);
             Journal journal = Journal.open(o.journal(), source.describe() + " -> " + target.describe() + Paths.folder(o.to()), !o.dryRun());
             Progress progress = o.json() ? Progress.json(out) : o.quiet() ? Progress.quiet(err) : Progress.bar(out, err)) {
            Summary summary;
            try {
                summary = new Importer(source, target, o.to(), journal, o.workers(), o.dryRun(), progress).run();
            } catch (RemoteException e) {
                throw new IllegalArgumentException(e.status == 0 ? e.getMessage() : e.reason(), e);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (o.failures() != null) writeFailures(o.failures(), summary);
            return summary.count(Outcome.Kind.FAILED) == 0 ? 0 : 1;
        }
    }

    private static Source source(Options o, Retrying retrying) {
        String from = o.from();
        if (from.startsWith("s3://")) {
            String[] bucketAndPrefix = S3Source.parse(from);
            S3Options s3 = o.s3();
            require(s3.accessKey(), "--s3-access-key (or AWS_ACCESS_KEY_ID) for " + from);
            require(s3.secretKey(), "--s3-secret-key (or AWS_SECRET_ACCESS_KEY) for " + from);
            return new S3Source(new S3Settings(s3.endpoint() == null ? "" : url(s3.endpoint(), "--s3-endpoint"), s3.region(),
                    bucketAndPrefix[0], s3.accessKey(), s3.secretKey(), s3.pathStyle()), bucketAndPrefix[1]);
        }
        if (from.startsWith("filerobot://")) {
            String[] tokenAndFolder = FilerobotSource.parse(from);
            require(o.sourceKey(), "--source-key (or ASSETGATE_IMPORT_SOURCE_KEY) for " + from);
            return new FilerobotSource(new RemoteProject(url(o.sourceServer(), "--source-server"), tokenAndFolder[0], o.sourceKey(), retrying),
                    tokenAndFolder[1]);
        }
        if (from.contains("://")) throw new IllegalArgumentException("--from " + from + ": a folder, s3://BUCKET/PREFIX or filerobot://TOKEN/FOLDER");
        return new FolderSource(Path.of(from));
    }

    private static void writeFailures(Path file, Summary summary) throws IOException {
        ObjectNode body = Json.object();
        body.set("failures", summary.failuresJson());
        Files.writeString(file, body.toPrettyString() + "\n");
    }

    private static String url(String value, String option) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) return value;
        } catch (IllegalArgumentException bad) {
            // said below
        }
        throw new IllegalArgumentException(option + " must be an http(s) URL, got '" + value + "'");
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("missing " + what);
    }
}
