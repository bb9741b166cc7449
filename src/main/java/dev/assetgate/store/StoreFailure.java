package dev.assetgate.store;

import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Locale;

/**
 * Recognises the two failures of storage that are states of the system rather than bugs: a full
 * volume and an unreachable catalog. Either may arrive wrapped several times (a StoreException, a
 * Jetty multipart error, an UncheckedIOException), so the whole cause chain is searched.
 */
public final class StoreFailure {
    /** SQLITE_FULL: the primary result code SQLite answers when a write finds no room. */
    private static final int SQLITE_FULL = 13;

    private StoreFailure() {
    }

    /** No space left: ENOSPC from the file system, SQLITE_FULL, or PostgreSQL's disk_full (53100). */
    public static boolean isStorageFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "53100".equals(sql.getSQLState())) return true;
            if (t instanceof org.sqlite.SQLiteException sqlite && (sqlite.getResultCode().code & 0xff) == SQLITE_FULL) return true;
            if (t instanceof java.io.IOException && mentionsNoSpace(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsNoSpace(Throwable t) {
        String text = t instanceof FileSystemException fs ? fs.getReason() : t.getMessage();
        return text != null && text.toLowerCase(Locale.ROOT).contains("no space left on device");
    }

    /**
     * The catalog cannot answer now, as opposed to a bad statement: no connection in time (pool
     * timeout), SQLSTATE class 08 (connection exception, which includes a socket timeout on a silent
     * server), 57014 (statement cancelled by the catalog timeout) or 57P01..57P03 (server shutting
     * down or starting).
     */
    public static boolean isCatalogUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException) return true;
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57014") || state.startsWith("57P0")) return true;
            }
        }
        return false;
    }
}
