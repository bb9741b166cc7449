package dev.assetgate.http;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.store.StoreFailure;
import dev.assetgate.store.jdbc.StoreException;
import io.javalin.http.Context;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an unexpected exception: a full volume is 507 STORAGE_FULL, a catalog that cannot answer
 * is 503 CATALOG_UNAVAILABLE (both with Retry-After, both expected states logged in one line), and
 * anything else is a bug: 500 with its stack trace in the log.
 */
final class FailureAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(FailureAnswers.class);
    /** Freeing space takes a person or a sweep: retrying sooner than a minute only adds load. */
    static final String FULL_RETRY_SECONDS = "60";
    static final String CATALOG_RETRY_SECONDS = "5";
    private final Path dataDir;

    FailureAnswers(Path dataDir) {
        this.dataDir = dataDir;
    }

    void send(Exception e, Context ctx) {
        HttpSupport.sendError(ctx, answer(e, ctx.method() + " " + ctx.path()));
    }

    ApiException answer(Throwable e, String request) {
        if (StoreFailure.isStorageFull(e)) {
            LOG.warn("{}: storage full: no space left on the data volume {} or the catalog's disk: {}", request, dataDir, rootMessage(e));
            return ApiError.STORAGE_FULL.with("no space left to store this change").header("Retry-After", FULL_RETRY_SECONDS);
        }
        if (StoreFailure.isCatalogUnreachable(e)) {
            LOG.warn("{}: catalog unavailable: {}", request, rootMessage(e));
            String msg = e instanceof StoreException s && s.commitInDoubt()
                    ? "the catalog connection broke while this change was committed: it may or may not have been stored; "
                      + "look before retrying (an upload: GET its folder and compare the name and sha1)"
                    : "the catalog database is unavailable; nothing was changed";
            return ApiError.CATALOG_UNAVAILABLE.with(msg).header("Retry-After", CATALOG_RETRY_SECONDS);
        }
        LOG.error("{} failed", request, e);
        return ApiError.INTERNAL_ERROR.with("internal error");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == e ? String.valueOf(e) : e + " (cause: " + root + ")";
    }
}
