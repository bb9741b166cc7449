package dev.assetgate.cli;

import dev.assetgate.importer.ImportRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assetgate import}: the options; {@link ImportRun} does the work, over HTTP against a running server. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Move a library into a project of a running Assetgate server, over its HTTP API: a folder tree, "
                + "an S3 bucket, or a Filerobot-compatible project (another Assetgate too). Resumable: run it again "
                + "to finish or retry; what is already there (same path and SHA-1) is skipped.",
                "Exit code: 0 everything imported, 1 some files failed (see --failures) or bad input, 2 usage error."})
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "SOURCE",
            description = "A folder (DIR), s3://BUCKET/PREFIX, or filerobot://TOKEN/FOLDER.")
    String from;

    @Option(names = "--to", defaultValue = "/", paramLabel = "FOLDER", description = "The target folder (default: /).")
    String to;

    @Option(names = "--server", defaultValue = "${env:ASSETGATE_IMPORT_SERVER}", paramLabel = "URL",
            description = "The target server's base URL, e.g. http://127.0.0.1:8080 (env ASSETGATE_IMPORT_SERVER).")
    String server;

    @Option(names = "--token", defaultValue = "${env:ASSETGATE_IMPORT_TOKEN}", paramLabel = "TOKEN",
            description = "The target project's token (env ASSETGATE_IMPORT_TOKEN).")
    String token;

    @Option(names = "--key", defaultValue = "${env:ASSETGATE_IMPORT_KEY}", paramLabel = "KEY",
            description = "An API secret key of the target project (env ASSETGATE_IMPORT_KEY, preferred: a command line is visible to other users).")
    String key;

    @Option(names = "--workers", defaultValue = "4", paramLabel = "N", description = "Files sent in parallel (1-64, default 4).")
    int workers;

    @Option(names = "--journal", defaultValue = "assetgate-import.journal", paramLabel = "FILE",
            description = "What is done, for the next run (default: assetgate-import.journal in the working directory).")
    Path journal;

    @Option(names = "--failures", paramLabel = "FILE", description = "Write the files that failed, with reasons, as JSON.")
    Path failures;

    @Option(names = "--dry-run", description = "List and compare only: say what would be done, change nothing.")
    boolean dryRun;

    @Option(names = "--quiet", description = "No progress bar and no summary; failures on standard error.")
    boolean quiet;

    @Option(names = "--json", description = "One JSON line per file and a summary line on standard output, for scripts.")
    boolean json;

    @Option(names = "--s3-endpoint", defaultValue = "${env:AWS_ENDPOINT_URL}", paramLabel = "URL",
            description = "An S3-compatible endpoint (default: AWS; env AWS_ENDPOINT_URL).")
    String s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}", description = "The bucket's region (env AWS_REGION, default us-east-1).")
    String s3Region;

    @Option(names = "--s3-access-key", paramLabel = "KEY", defaultValue = "${env:AWS_ACCESS_KEY_ID}", description = "env AWS_ACCESS_KEY_ID.")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", paramLabel = "SECRET", defaultValue = "${env:AWS_SECRET_ACCESS_KEY}", description = "env AWS_SECRET_ACCESS_KEY.")
    String s3SecretKey;

    @Option(names = "--s3-path-style", description = "Path-style bucket URLs (most S3-compatible servers want them).")
    boolean s3PathStyle;

    @Option(names = "--source-server", defaultValue = "${env:ASSETGATE_IMPORT_SOURCE_SERVER:-https://api.filerobot.com}", paramLabel = "URL",
            description = "For filerobot://: the source API's base URL (default https://api.filerobot.com; env ASSETGATE_IMPORT_SOURCE_SERVER).")
    String sourceServer;

    @Option(names = "--source-key", defaultValue = "${env:ASSETGATE_IMPORT_SOURCE_KEY}", paramLabel = "KEY",
            description = "For filerobot://: an API secret key of the source project (env ASSETGATE_IMPORT_SOURCE_KEY).")
    String sourceKey;

    @Override
    public Integer call() throws Exception {
        ImportRun.Options options = new ImportRun.Options(from, to, server, token, key, workers, journal, failures, dryRun,
                quiet, json, new ImportRun.S3Options(s3Endpoint, s3Region, s3AccessKey, s3SecretKey, s3PathStyle),
                sourceServer, sourceKey);
        return ImportRun.run(options, System.out, System.err);
    }
}
