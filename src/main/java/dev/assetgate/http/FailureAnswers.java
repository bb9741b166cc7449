package dev.assetgate.http;

import dev.assetgate.error.ApiError;
import dev.assetgate.error.ApiException;
import dev.assetgate.health.DataVolume;
import dev.assetgate.store.StoreFailure;
import dev.assetgate.store.jdbc.StoreException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an unexpected exception: a full volume is 507 STORAGE_FULL, a catalog that cannot answer
 * is 503 CATALOG_UNAVAILABLE (both with Retry-After, both expected states logged in one line), and
 * anything else is a bug: 500 with its stack trace in the log.
 */
final class FailureAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(FailureAnswers.class);
    private static final String CATALOG_RETRY_SECONDS = "5";
    private final DataVolume volume;

    FailureAnswers(DataVolume volume) {
        this.volume = volume;
    }

    void send(Exception e, Context ctx) {
        HttpSupport.sendError(ctx, answer(e, ctx.method() + " " + ctx.path()));
    }

    ApiException answer(Throwable e, String request) {
        if (StoreFailure.isCatalogUnreachable(e)) {
            LOG.warn("{}: catalog unavailable: {}", request, rootMessage(e));
            String msg = e instanceof StoreException s && s.commitInDoubt()
                    ? "the catalog connection broke while this change was committed: it may or may not have been stored; "
                      + "look before retrying (an upload: GET its folder and compare the name and sha1)"
                    : "the catalog database is unavailable; nothing was changed";
            return ApiError.CATALOG_UNAVAILABLE.with(msg).header("Retry-After", CATALOG_RETRY_SECONDS);
        }
        // SQLite does not always say "full" (a commit it rolled back itself): a failed write on a full volume is one
        if (StoreFailure.isStorageFull(e) || e instanceof StoreException && volume.usage().full()) {
            LOG.warn("{}: storage full: {}: {}", request, volume.usage().describe(), rootMessage(e));
            return DataVolume.full("no space left to store this change");
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
