package dev.assetgate.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import io.javalin.http.Context;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;

/**
 * One line per request on standard output ({@code access-log} = plain, json or off): time, method,
 * path, status, duration, the id of the key that was verified, the client address and the request id
 * (the one the answer's X-Request-Id and the error envelope carry). Never a
 * secret: keys travel in a header, which is not written, and a query value is written only for the
 * parameters listed here, because a SASS key, a delivery signature, a share password or access token
 * can arrive in the query; any other value is written as {@value #HIDDEN}.
 */
final class AccessLog {
    static final String HIDDEN = "***";
    private static final Set<String> SHOWN_PARAMETERS = Set.of("folder", "dir", "recursive", "q", "format", "sort",
            "order", "offset", "limit", "mime", "kind", "status", "overdue", "labels_operator", "filename", "file_uuid",
            "collection_uuid", "approver", "project", "download", "expires");
    private final Clock clock;
    private final boolean json;
    private final PrintStream out;

    private AccessLog(Clock clock, boolean json, PrintStream out) {
        this.clock = clock;
        this.json = json;
        this.out = out;
    }

    /** The access log the configuration asks for, or null for {@code off}. */
    static AccessLog configured(AssetgateConfig config, Clock clock) {
        return switch (config.get(Setting.ACCESS_LOG)) {
            case "off" -> null;
            case "json" -> new AccessLog(clock, true, System.out);
            default -> new AccessLog(clock, false, System.out);
        };
    }

    void write(Context ctx, float millis) {
        try {
            String time = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
            String path = ctx.path() + shownQuery(ctx.queryString());
            String keyId = Caller.keyIdOf(ctx);
            String ip = RequestFacts.clientIp(ctx).getHostAddress();
            int status = ctx.statusCode();
            String requestId = RequestFacts.requestId(ctx);
            String duration = String.format(Locale.ROOT, "%.1f", millis);
            if (json) {
                ObjectNode line = Json.MAPPER.createObjectNode().put("time", time).put("method", ctx.method().name())
                        .put("path", path).put("status", status).put("ms", Double.parseDouble(duration))
                        .put("key", keyId).put("ip", ip).put("request_id", requestId);
                out.println(line);
            } else {
                // the path is as sent (percent-encoded), so it holds no spaces; control characters are dropped all the same
                out.println((time + " " + ctx.method().name() + " " + path + " " + status + " " + duration + "ms key="
                        + (keyId == null ? "-" : keyId) + " ip=" + ip + " id=" + requestId).replaceAll("\\p{Cntrl}", ""));
            }
        } catch (RuntimeException e) {
            // the access log never changes the answer, which is sent already
        }
    }

    /** "?name=value&..." with the values of unlisted parameters hidden; "" without a query. */
    static String shownQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return "";
        StringBuilder shown = new StringBuilder();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            shown.append(shown.length() == 0 ? '?' : '&').append(name);
            if (eq >= 0) {
                // the name as sent: an encoded spelling of a listed name is hidden too
                shown.append('=').append(SHOWN_PARAMETERS.contains(name) ? pair.substring(eq + 1) : HIDDEN);
            }
        }
        return shown.toString();
    }
}
