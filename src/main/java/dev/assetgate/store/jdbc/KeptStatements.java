package dev.assetgate.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQLite's prepared statements kept per physical connection, by SQL (issue 17): sqlite-jdbc parses and
 * plans a statement on every {@code prepareStatement}, which costs several times running it, and the pool
 * keeps nothing. An adapter prepares and closes as usual; what it gets is a kept statement lent to it,
 * and its {@code close} gives it back: open result sets closed (which resets the statement, so it holds
 * no read snapshot), parameters and batch cleared. A statement is lent to one user at a time (taken out
 * of the cache while lent; the same SQL prepared again meanwhile gets a statement of its own, and of two
 * given back the second is closed), and one whose use threw is closed, never given back. Each connection
 * keeps at most {@link #PER_CONNECTION}, the least recently used closed first; SQL with an IN-list of
 * placeholders (its length varies with the request) is never kept. The statements close with their
 * connection (sqlite-jdbc finalizes them); a connection the pool retired is forgotten at the next new one.
 * PostgreSQL does not use this: its driver keeps a statement run a few times prepared on the server.
 */
final class KeptStatements {
    static final int PER_CONNECTION = 64;
    private static final Pattern IN_LIST = Pattern.compile("(?i)\\bIN\\s*\\(\\s*\\?\\s*,");

    /** By physical connection (identity: a connection is itself); each map used by the thread holding that connection. */
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /** Whether sql is fixed text worth keeping (not one of the IN-lists built to the request's length). */
    static boolean keepable(String sql) {
        return !IN_LIST.matcher(sql).find();
    }

    /**
     * A statement for sql on the pooled connection, kept or newly prepared, to be closed by the caller as
     * usual. Kept ones are prepared on the physical connection: HikariCP closes the statements prepared
     * through its proxy when the connection goes back. Whether sql may be kept is asked only when none is
     * (the hot statements are long, and the test reads all of one).
     */
    PreparedStatement lend(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> kept = on(physical);
        PreparedStatement ps = kept.remove(sql);
        if (ps == null || ps.isClosed()) {
            if (!keepable(sql)) return pooled.prepareStatement(sql);
            ps = physical.prepareStatement(sql);
        }
        return lent(kept, sql, ps);
    }

    private Map<String, PreparedStatement> on(Connection physical) {
        synchronized (byConnection) {
            Map<String, PreparedStatement> on = byConnection.get(physical);
            if (on == null) {
                byConnection.keySet().removeIf(KeptStatements::isClosed); // connections the pool retired, with their statements
                on = new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                        if (size() <= PER_CONNECTION) return false;
                        closeQuietly(eldest.getValue());
                        return true;
                    }
                };
                byConnection.put(physical, on);
            }
            return on;
        }
    }

    /** ps as its user sees it: close gives it back to kept, a failure drops it. */
    private static PreparedStatement lent(Map<String, PreparedStatement> kept, String sql, PreparedStatement ps) {
        List<ResultSet> results = new ArrayList<>(1);
        boolean[] state = {false, false}; // closed, failed
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("close") && method.getParameterCount() == 0) {
                        if (!state[0]) {
                            state[0] = true;
                            giveBack(kept, sql, ps, results, state[1]);
                        }
                        return null;
                    }
                    if (name.equals("isClosed") && method.getParameterCount() == 0) return state[0];
                    if (name.equals("unwrap") || name.equals("isWrapperFor")) return method.invoke(ps, args);
                    if (state[0]) throw new SQLException("statement is closed");
                    try {
                        Object out = method.invoke(ps, args);
                        if (out instanceof ResultSet rs) results.add(rs);
                        return out;
                    } catch (InvocationTargetException e) {
                        state[1] = true;
                        throw e.getCause();
                    }
                });
    }

    private static void giveBack(Map<String, PreparedStatement> kept, String sql, PreparedStatement ps, List<ResultSet> results, boolean failed) {
        try {
            for (ResultSet rs : results) rs.close();
            if (!failed && !ps.isClosed()) {
                ps.clearParameters();
                ps.clearBatch();
                if (kept.putIfAbsent(sql, ps) == null) return;
            }
        } catch (SQLException | RuntimeException e) {
            Database.LOG.debug("giving back a kept statement failed (it is closed): {}", e.toString());
        }
        closeQuietly(ps);
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException e) {
            Database.LOG.debug("closing a kept statement failed: {}", e.toString());
        }
    }
}
